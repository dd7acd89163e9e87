import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHost, type HostConnection } from '../../source/host/connect.js';
import { type HostFacts, probeHost } from '../../source/host/facts.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { ngrokService, pushConfigAndRestart, readRemoteConfig } from '../../source/host/service.js';
import { writeFileAtomic } from '../../source/host/write-file.js';
import { startFakeAgentEndpoint, waitFor } from '../helpers/sandbox-host.js';
import { type SshdHarness, startSshd } from '../helpers/sshd.js';

const firstToken = '2abSshdTokenFirst_0123456789abcdefghijXyZ';
const secondToken = '2abSshdTokenSecond_0123456789abcdefghiQrS';

function agentConfig(authtoken: string, padding = ''): string {
  return `version: 3\nagent:\n  authtoken: ${authtoken}\nendpoints:\n  - name: rest-api\n    url: https://rest-api.clinic1.internal\n    upstream: { url: 8080 }\n${padding}`;
}

describe('push to a real OpenSSH server with real sudo', { timeout: 90_000 }, () => {
  let agentEndpoint: Awaited<ReturnType<typeof startFakeAgentEndpoint>>;
  let sshd: SshdHarness;
  let knownHostsPath: string;
  let conn: HostConnection;
  let facts: HostFacts;
  let configPath: string;
  const statusLines: string[] = [];
  const io = { status: (text: string) => statusLines.push(text) };
  const connect = (port = sshd.port) =>
    connectHost(
      { address: '127.0.0.1', port, user: sshd.user, identityFile: sshd.keyPath },
      { knownHostsPath, prompter: headlessPrompter, acceptNewHostKey: true },
    );

  beforeAll(async () => {
    agentEndpoint = await startFakeAgentEndpoint([firstToken, secondToken]);
    sshd = await startSshd({ connectUrl: agentEndpoint.url });
    knownHostsPath = join(sshd.root, 'known_hosts');
    configPath = join(sshd.root, 'etc', 'ngrok', 'ngrok.yml');
    conn = await connect();
    facts = await probeHost(conn, headlessPrompter);
  });
  afterAll(async () => {
    await conn?.close();
    await sshd?.stop();
    await agentEndpoint?.close();
  });

  it('sees a sudo user on Linux with the simulated agent', () => {
    expect(facts).toMatchObject({ os: 'linux', privilege: 'sudo', ngrokVersion: '3.22.1' });
  });

  it('first push writes a 0600 root-owned file in a 0700 directory, installs and starts the agent', async () => {
    const result = await pushConfigAndRestart(conn, facts, configPath, agentConfig(firstToken), io);
    expect(result.service).toBe('installed');
    const stat = statSync(configPath);
    expect([stat.mode & 0o777, stat.uid, stat.gid]).toEqual([0o600, 0, 0]);
    expect(statSync(join(sshd.root, 'etc', 'ngrok')).mode & 0o777).toBe(0o700);
    await waitFor(() => agentEndpoint.sessions.some((s) => s.token === firstToken));
  });

  it('second push restarts the agent on the new token and keeps the old file as a root-only backup', async () => {
    const result = await pushConfigAndRestart(conn, facts, configPath, agentConfig(secondToken), io);
    expect(result).toEqual({ service: 'restarted', backupPath: `${configPath}.bak` });
    expect(readFileSync(`${configPath}.bak`, 'utf8')).toBe(agentConfig(firstToken));
    expect(statSync(`${configPath}.bak`).mode & 0o777).toBe(0o600);
    await waitFor(
      () => agentEndpoint.sessions.length > 0 && agentEndpoint.sessions.every((s) => s.token === secondToken),
    );
  });

  it('a rejected config leaves the old file and running service and shows the agent error', async () => {
    const broken = agentConfig(secondToken).replace('version: 3', 'version: 2');
    const failure = pushConfigAndRestart(conn, facts, configPath, broken, io);
    await expect(failure).rejects.toThrow(/config check rejected the new config: ERROR: .*'version'/);
    expect(readFileSync(configPath, 'utf8')).toBe(agentConfig(secondToken));
    expect(await ngrokService(conn, facts).status()).toBe('running');
    expect(await readRemoteConfig(conn, facts, configPath)).toBe(agentConfig(secondToken));
  });

  it('a connection cut mid-write leaves the old file or the new one, never a partial one', async () => {
    await writeFileAtomic(conn, facts, configPath, agentConfig(secondToken));
    const before = readFileSync(configPath, 'utf8');
    const big = agentConfig(firstToken, `# ${'x'.repeat(100)}\n`.repeat(60_000));
    const proxy = await startCuttableProxy(sshd.port);
    const proxied = await connect(proxy.port);
    const dir = join(sshd.root, 'etc', 'ngrok');
    const write = writeFileAtomic(proxied, facts, configPath, big);
    const outcome = write.then(
      () => 'written',
      (error: Error) => error.message,
    );
    await waitFor(() =>
      readdirSync(dir).some((name) => name.startsWith('.clinic-tui.') && statSync(join(dir, name)).size > 0),
    );
    proxy.cut();
    expect(await outcome).toMatch(/closed|written|connection/i);
    // The host notices the cut and the script removes its temp file; the target was never touched.
    await waitFor(() => !readdirSync(dir).some((name) => name.startsWith('.clinic-tui.')), 30_000);
    expect([before, big]).toContain(readFileSync(configPath, 'utf8'));
    proxy.close();
  });

  it('no authtoken appeared in any argv the host saw or in any status line', () => {
    const argv = sshd.argvLog();
    expect(argv.some((line) => line.startsWith('sudo -n sh -c'))).toBe(true);
    expect(argv.some((line) => line.includes('service install --config'))).toBe(true);
    for (const token of [firstToken, secondToken]) {
      expect(argv.join('\n')).not.toContain(token);
      expect(statusLines.join('\n')).not.toContain(token);
    }
  });
});

/** A TCP relay to sshd whose sockets the test can destroy, as a dropped Wi-Fi link would. */
async function startCuttableProxy(targetPort: number) {
  const sockets: Socket[] = [];
  const server: Server = createServer((inbound) => {
    const outbound = new Socket();
    sockets.push(inbound, outbound);
    outbound.connect(targetPort, '127.0.0.1');
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => {});
    outbound.on('error', () => {});
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return {
    port,
    cut: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => server.close(),
  };
}
