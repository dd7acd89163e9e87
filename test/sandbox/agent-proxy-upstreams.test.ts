import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAgentShim } from '../../source/sandbox/agent/shim.js';
import { openAgentStream } from '../../source/sandbox/emulator/agent-proxy.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { waitFor } from '../helpers/sandbox-host.js';

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the simulated agent without NGROK_SIM_UPSTREAMS', { timeout: 60_000 }, () => {
  let emulator: Emulator;
  let upstream: Server;
  let agent: ChildProcess;
  let dir: string;
  let logPath: string;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: 0 });
    const apiKey = emulator.createApiKey();
    const response = await fetch(`${emulator.url}/credentials`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'ngrok-version': '2',
      },
      body: JSON.stringify({ description: 'clinic2 agent' }),
    });
    const { token } = (await response.json()) as { token: string };
    // The clinic's own service, answering with a greeting, then closing.
    upstream = createServer((socket) => socket.end('ris ready\n'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    dir = mkdtempSync(join(tmpdir(), 'agent-upstreams-'));
    const shim = writeAgentShim(join(dir, 'bin'), {
      connectUrl: emulator.url,
      home: join(dir, 'home'),
      init: 'none',
    });
    const configPath = join(dir, 'ngrok.yml');
    writeFileSync(
      configPath,
      [
        'version: 3',
        'agent:',
        `  authtoken: ${token}`,
        'endpoints:',
        '  - name: ris',
        '    url: tcp://ris.clinic2.internal:104',
        `    upstream: { url: "127.0.0.1:${(upstream.address() as AddressInfo).port}" }`,
        '  - name: portal',
        '    url: https://portal.clinic2.internal',
        `    upstream: { url: ${await closedPort()} }`,
        '',
      ].join('\n'),
    );
    logPath = join(dir, 'agent.log');
    agent = spawn(shim, ['start', '--all', '--config', configPath, '--log', logPath], { stdio: 'ignore' });
    await waitFor(() => emulator.state.endpoints.size === 2);
  });
  afterAll(async () => {
    if (agent?.exitCode === null) {
      const exited = new Promise((resolve) => agent.once('exit', resolve));
      agent.kill('SIGTERM');
      await exited;
    }
    await new Promise<void>((resolve) => upstream?.close(() => resolve()));
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  it('dials the upstream as ngrok.yml writes it', async () => {
    const stream = await openAgentStream(
      emulator.state,
      'tcp://ris.clinic2.internal:104',
      '198.51.100.4:5000',
    );
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    expect(text).toBe('ris ready\n');
  });

  it('still answers for an upstream it cannot reach, with a stream closed at once and the failure logged', async () => {
    const stream = await openAgentStream(
      emulator.state,
      'https://portal.clinic2.internal',
      '198.51.100.4:5001',
    );
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(chunks).toEqual([]);
    const log = readFileSync(logPath, 'utf8');
    expect(log).toMatch(
      /lvl=warn msg="failed to open private leg" .*privaddr="localhost:\d+" err=".*ECONNREFUSED/,
    );
    expect(log).not.toMatch(/join connections.*198\.51\.100\.4:5001/);
  });
});
