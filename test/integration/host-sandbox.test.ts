import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostConnection } from '../../source/host/connect.js';
import { type HostFacts, probeHost } from '../../source/host/facts.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { ngrokService, pushConfigAndRestart, readRemoteConfig } from '../../source/host/service.js';
import { startFakeAgentEndpoint, startSandboxHostFixture, waitFor } from '../helpers/sandbox-host.js';

const token = '2abSandboxTokenFirst_0123456789abcdefXyZ';
const secondToken = '2abSandboxTokenSecond_0123456789abcdeQrS';
const configPath = '/etc/ngrok/ngrok.yml';

function agentConfig(authtoken: string, port = 8080): string {
  return [
    'version: 3',
    'agent:',
    `  authtoken: ${authtoken}`,
    '  metadata: \'{"clinic":"clinic1"}\'',
    'endpoints:',
    '  - name: rest-api',
    '    url: https://rest-api.clinic1.internal',
    `    upstream: { url: ${port} }`,
    '',
  ].join('\n');
}

describe('host adapter against the sandbox host and the simulated agent', { timeout: 90_000 }, () => {
  let agentEndpoint: Awaited<ReturnType<typeof startFakeAgentEndpoint>>;
  let fixture: Awaited<ReturnType<typeof startSandboxHostFixture>>;
  let conn: HostConnection;
  let facts: HostFacts;

  beforeAll(async () => {
    agentEndpoint = await startFakeAgentEndpoint([token, secondToken]);
    fixture = await startSandboxHostFixture(agentEndpoint.url);
    conn = await fixture.connect();
    facts = await probeHost(conn, headlessPrompter);
  });
  afterAll(async () => {
    await conn?.close();
    await fixture?.host.close();
    await agentEndpoint?.close();
  });

  it('probes the host: linux, the simulated agent version, a privilege level', () => {
    expect(facts.os).toBe('linux');
    expect(facts.init).toBe('systemd');
    expect(facts.ngrokVersion).toBe('3.22.1');
    expect(facts.ngrokPath).toBe(join(fixture.host.root, 'bin', 'ngrok'));
  });

  it('first push installs and starts the service, whose agent connects with the pushed token', async () => {
    const result = await pushConfigAndRestart(conn, facts, configPath, agentConfig(token));
    expect(result.service).toBe('installed');
    expect(result.backupPath).toBeUndefined();
    const onDisk = join(fixture.host.root, configPath);
    expect(readFileSync(onDisk, 'utf8')).toBe(agentConfig(token));
    expect(statSync(onDisk).mode & 0o777).toBe(0o600);
    expect(statSync(join(fixture.host.root, 'etc', 'ngrok')).mode & 0o777).toBe(0o700);
    await waitFor(() => agentEndpoint.sessions.some((s) => s.token === token));
    expect(agentEndpoint.sessions[0]?.body.endpoints[0]?.url).toBe('https://rest-api.clinic1.internal');
    expect(await ngrokService(conn, facts).status()).toBe('running');
  });

  it('second push with a changed config restarts the agent with the new token and keeps a backup', async () => {
    const result = await pushConfigAndRestart(conn, facts, configPath, agentConfig(secondToken));
    expect(result).toEqual({ service: 'restarted', backupPath: `${configPath}.bak` });
    expect(await readRemoteConfig(conn, facts, `${configPath}.bak`)).toBe(agentConfig(token));
    await waitFor(() => agentEndpoint.sessions.some((s) => s.token === secondToken));
    expect(agentEndpoint.sessions.every((s) => s.token === secondToken)).toBe(true);
  });

  it('a config the agent rejects leaves the old file and the running service, and shows the agent error', async () => {
    const broken = agentConfig(secondToken).replace(
      'https://rest-api.clinic1.internal',
      'tcp://db.clinic1.internal',
    );
    await expect(pushConfigAndRestart(conn, facts, configPath, broken)).rejects.toThrow(
      /config check rejected.*tcp internal endpoint must include a port/s,
    );
    expect(await readRemoteConfig(conn, facts, configPath)).toBe(agentConfig(secondToken));
    expect(await ngrokService(conn, facts).status()).toBe('running');
  });

  it('a service that fails to start after the write is rolled back to the old file and restarted', async () => {
    const unstartable = agentConfig(secondToken, 9090).replace(
      'agent:\n',
      'agent:\n  log: /nonexistent-dir/ngrok.log\n',
    );
    await expect(pushConfigAndRestart(conn, facts, configPath, unstartable)).rejects.toThrow(
      /ngrok service restart failed.*previous config and service were restored/s,
    );
    expect(await readRemoteConfig(conn, facts, configPath)).toBe(agentConfig(secondToken));
    expect(await ngrokService(conn, facts).status()).toBe('running');
  });

  it('never put a token on a command line the host saw', () => {
    const argv = fixture.host.argvLog();
    expect(argv.some((line) => line.includes('service install'))).toBe(true);
    for (const secret of [token, secondToken]) expect(argv.join('\n')).not.toContain(secret);
  });
});

describe('closing the sandbox host', { timeout: 90_000 }, () => {
  it('ends its running agent and removes its folder', async () => {
    const agentEndpoint = await startFakeAgentEndpoint([token]);
    const fixture = await startSandboxHostFixture(agentEndpoint.url);
    let closed = false;
    try {
      const conn = await fixture.connect();
      await pushConfigAndRestart(
        conn,
        await probeHost(conn, headlessPrompter),
        configPath,
        agentConfig(token),
      );
      const pid = Number(
        readFileSync(join(fixture.host.root, 'var', 'lib', 'ngrok-sim', 'ngrok.pid'), 'utf8'),
      );
      expect(running(pid)).toBe(true);
      await conn.close();
      await fixture.host.close();
      closed = true;
      expect(running(pid)).toBe(false);
      expect(existsSync(fixture.host.root)).toBe(false);
    } finally {
      if (!closed) await fixture.host.close();
      await agentEndpoint.close();
    }
  });
});

/** Whether `pid` runs: an exited process its parent has not reaped yet (a zombie) has ended. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
  return state !== 'Z';
}
