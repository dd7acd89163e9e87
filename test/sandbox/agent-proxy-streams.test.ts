import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStreamError, openAgentStream } from '../../source/sandbox/emulator/agent-proxy.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { type SandboxHost, startSandboxHost } from '../../source/sandbox/host/server.js';
import { waitFor } from '../helpers/sandbox-host.js';

const restApi = 'https://rest-api.clinic1.internal';
const database = 'tcp://db.clinic1.internal:5432';

async function createAuthtoken(emulator: Emulator, apiKey: string): Promise<string> {
  const response = await fetch(`${emulator.url}/credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'ngrok-version': '2' },
    body: JSON.stringify({ description: 'clinic1 agent' }),
  });
  return ((await response.json()) as { token: string }).token;
}

function agentConfig(authtoken: string): string {
  return [
    'version: 3',
    'agent:',
    `  authtoken: ${authtoken}`,
    'endpoints:',
    '  - name: rest-api',
    `    url: ${restApi}`,
    '    upstream: { url: 8080 }',
    '  - name: database',
    `    url: ${database}`,
    '    upstream: { url: "tcp://localhost:5432" }',
    '',
  ].join('\n');
}

/** Everything the stream carries until it ends. */
function readAll(stream: Duplex): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    stream.on('end', () => resolve(text));
    stream.on('error', reject);
  });
}

/** Dials back for connection `id` as an agent would, with `authtoken`; resolves with the status the emulator gave. */
function dialBack(emulator: Emulator, id: string, authtoken: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}/_sandbox/agent/proxy/${id}`, {
      headers: { connection: 'Upgrade', upgrade: 'ngrok-sim-proxy', authorization: `Bearer ${authtoken}` },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a connection carried over the simulated agent session to the stand-in services', {
  timeout: 60_000,
}, () => {
  let emulator: Emulator;
  let host: SandboxHost;
  let agent: ChildProcess;
  let authtoken: string;
  let otherAuthtoken: string;
  let logPath: string;

  /** Holds back the connect messages of the agent's session (the agent never sees them) and returns their ids. */
  function interceptConnects(): { ids: string[]; restore(): void } {
    const [sessionId, channel] = [...emulator.state.channels][0]!;
    const ids: string[] = [];
    emulator.state.channels.set(sessionId, {
      send: (message) => (message.type === 'connect' ? ids.push(String(message.id)) : channel.send(message)),
      end: () => channel.end(),
    });
    return { ids, restore: () => emulator.state.channels.set(sessionId, channel) };
  }

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: 0 });
    const apiKey = emulator.createApiKey();
    authtoken = await createAuthtoken(emulator, apiKey);
    otherAuthtoken = await createAuthtoken(emulator, apiKey);
    host = await startSandboxHost({ connectUrl: emulator.url });
    const configPath = join(host.root, 'etc', 'ngrok', 'ngrok.yml');
    mkdirSync(join(host.root, 'etc', 'ngrok'), { recursive: true });
    writeFileSync(configPath, agentConfig(authtoken));
    logPath = join(host.root, 'agent.log');
    agent = spawn(
      join(host.root, 'bin', 'ngrok'),
      ['start', '--all', '--config', configPath, '--log', logPath],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(() => emulator.state.endpoints.size === 2 && emulator.state.channels.size === 1);
  });
  afterAll(async () => {
    if (agent?.exitCode === null) {
      const exited = new Promise((resolve) => agent?.once('exit', resolve));
      agent.kill('SIGTERM');
      // The agent writes its last log lines into the host's folder as it exits; close the host after that.
      await exited;
    }
    await host?.close();
    await emulator?.close();
  });

  it('carries an HTTP request for the https endpoint to the stand-in API, however the URL is spelled', async () => {
    for (const url of [restApi, 'HTTPS://Rest-Api.Clinic1.internal:443/']) {
      const stream = await openAgentStream(emulator.state, url, '203.0.113.7:51234');
      const answer = readAll(stream);
      stream.end(
        'GET /patients?day=today HTTP/1.1\r\nHost: rest-api.clinic1.internal\r\nX-Clinic-Secret: s3cr3t\r\n\r\n',
      );
      const [head = '', body = ''] = (await answer).split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 200 OK/);
      expect(JSON.parse(body)).toEqual({
        service: 'clinic REST API (sandbox stand-in)',
        method: 'GET',
        path: '/patients?day=today',
      });
      expect(body).not.toContain('s3cr3t');
    }
    const joins = readFileSync(logPath, 'utf8')
      .split('\n')
      .filter((line) => line.includes('msg="join connections"'));
    expect(joins).toHaveLength(2);
    expect(joins[0]).toContain(`l="127.0.0.1:${host.services.http}"`);
    expect(joins[0]).toContain('r="203.0.113.7:51234"');
    expect(readFileSync(logPath, 'utf8')).not.toContain(authtoken);
  });

  it('carries bytes for the tcp endpoint to the stand-in echo and back', async () => {
    const stream = await openAgentStream(emulator.state, database, '203.0.113.8:40000');
    const echoed = readAll(stream);
    stream.end('\x00\x01SELECT 1;\xff');
    expect(await echoed).toBe('\x00\x01SELECT 1;\xff');
    expect(readFileSync(logPath, 'utf8')).toContain(`l="127.0.0.1:${host.services.tcp}"`);
  });

  it('rejects a URL no online agent serves', async () => {
    await expect(
      openAgentStream(emulator.state, 'https://billing.clinic1.internal', '203.0.113.7:1'),
    ).rejects.toThrow(AgentStreamError);
    await expect(
      openAgentStream(emulator.state, 'tcp://db.clinic1.internal:5433', '203.0.113.7:1'),
    ).rejects.toThrow(/no online agent serves/);
  });

  it('accepts the dial-back only with the credential of the session the connection was sent over', async () => {
    const intercepted = interceptConnects();
    const opened = openAgentStream(emulator.state, database, '203.0.113.9:1');
    intercepted.restore();
    const [id = ''] = intercepted.ids;
    expect(await dialBack(emulator, id, otherAuthtoken)).toBe(403);
    expect(await dialBack(emulator, 'no-such-connection', authtoken)).toBe(404);
    expect(await dialBack(emulator, id, authtoken)).toBe(101);
    (await opened).destroy();
    expect(await dialBack(emulator, id, authtoken)).toBe(404);
  });

  it('stopping the agent ends its open streams and rejects the opens still waiting for it', async () => {
    const stream = await openAgentStream(emulator.state, database, '203.0.113.8:40001');
    const closed = new Promise<void>((resolve) => stream.on('close', () => resolve()));
    stream.resume();
    const intercepted = interceptConnects();
    const waiting = openAgentStream(emulator.state, restApi, '203.0.113.9:2');
    const rejected = expect(waiting).rejects.toThrow(/session ended/);
    agent.kill('SIGTERM');
    await closed;
    await rejected;
    expect(intercepted.ids).toHaveLength(1);
    expect(emulator.state.endpoints.size).toBe(0);
  });
});
