import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentMetadata } from '../../source/clinic-record/agent-metadata.js';
import type { HostConnection } from '../../source/host/connect.js';
import { type HostFacts, probeHost } from '../../source/host/facts.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { ngrokService, pushConfigAndRestart } from '../../source/host/service.js';
import { sshHostOpener } from '../../source/host/ssh-clinic-host.js';
import { startFakeAgentEndpoint, startSandboxHostFixture, waitFor } from '../helpers/sandbox-host.js';

const oldToken = '2abInitOldToken_0123456789abcdefghijXyZ';
const newToken = '2abInitNewToken_0123456789abcdefghijQrS';
const ours = '/etc/ngrok/ngrok.yml';
const theirs = '/etc/ngrok.yml';
// Named as clinic1's (agent.metadata), as onboarding writes it: offboarding removes only a service that runs it.
const metadata = agentMetadata('clinic1', 'cr_init');
const config = (token: string) =>
  `version: 3\nagent:\n  authtoken: ${token}\n  metadata: ${JSON.stringify(metadata)}\nendpoints:\n  - name: rest-api\n    url: https://rest-api.clinic1.internal\n    upstream: { url: 8080 }\n`;

const definitions = {
  systemd: { path: 'etc/systemd/system/ngrok.service', startLine: /^ExecStart=.*$/m },
  sysv: { path: 'etc/init.d/ngrok', startLine: /^cmd=.*$/m },
} as const;

describe.each(['systemd', 'sysv'] as const)('the ngrok service on a %s host', (init) => {
  let agentEndpoint: Awaited<ReturnType<typeof startFakeAgentEndpoint>>;
  let fixture: Awaited<ReturnType<typeof startSandboxHostFixture>>;
  let conn: HostConnection;
  let facts: HostFacts;
  const definition = () => readFileSync(join(fixture.host.root, definitions[init].path), 'utf8');
  const startLine = () => definitions[init].startLine.exec(definition())?.[0] ?? '';

  beforeAll(async () => {
    agentEndpoint = await startFakeAgentEndpoint([oldToken, newToken]);
    fixture = await startSandboxHostFixture(agentEndpoint.url, init);
    conn = await fixture.connect();
    facts = await probeHost(conn, headlessPrompter);
  });
  afterAll(async () => {
    await conn?.close();
    await fixture?.host.close();
    await agentEndpoint?.close();
  });

  it('is found through the init system, never through `ngrok service status`', async () => {
    expect(facts.init).toBe(init);
    expect(await ngrokService(conn, facts).status()).toBe('not-installed');
    expect(fixture.host.argvLog().some((line) => line.includes('service status'))).toBe(false);
  });

  it('installed earlier for another config: backed up, reinstalled for ours, serving our token', async () => {
    // As ngrok's background-service guide installs it (https://ngrok.com/docs/agent/#background-service).
    const setup = [
      `mkdir -p /etc && cat > ${theirs} && chmod 600 ${theirs}`,
      `ngrok service install --config ${theirs}`,
      'ngrok service start',
    ].join(' && ');
    const installed = await conn.exec(setup, { stdin: config(oldToken) });
    expect(installed.code, installed.stderr).toBe(0);
    await waitFor(() => agentEndpoint.sessions.some((s) => s.token === oldToken));
    const before = definition();
    expect(startLine()).toContain(theirs);

    const result = await pushConfigAndRestart(conn, facts, ours, config(newToken));

    expect(result.service).toBe('installed');
    expect(startLine()).toContain(ours);
    expect(startLine()).not.toContain(theirs);
    expect(readFileSync(join(fixture.host.root, `${definitions[init].path}.bak`), 'utf8')).toBe(before);
    await waitFor(() => agentEndpoint.sessions.length === 1 && agentEndpoint.sessions[0]!.token === newToken);
    const service = await ngrokService(conn, facts).inspect();
    expect(service).toMatchObject({ state: 'running', configPath: ours });
    expect(fixture.host.argvLog()).toEqual(
      expect.arrayContaining([
        'ngrok service uninstall',
        `ngrok service install --config ${join(fixture.host.root, ours)}`,
      ]),
    );
  });

  it('a second push with the service already ours only restarts it', async () => {
    const result = await pushConfigAndRestart(conn, facts, ours, config(oldToken));
    expect(result.service).toBe('restarted');
    await waitFor(() => agentEndpoint.sessions.length === 1 && agentEndpoint.sessions[0]!.token === oldToken);
  });

  it('offboarding removes the service and its definition', async () => {
    const opener = sshHostOpener({
      prompter: headlessPrompter,
      knownHostsPath: fixture.knownHostsPath,
      identityFile: fixture.host.clientKeyPath,
    });
    const spec = {
      address: '127.0.0.1',
      port: fixture.host.port,
      user: fixture.host.user,
      config_path: ours,
    };
    const host = await opener({ clinic: 'clinic1', role: 'primary', spec }, new AbortController().signal);
    await host.removeService();
    expect(await host.serviceStatus()).toBe('not-installed');
    await host.close();
    expect(existsSync(join(fixture.host.root, definitions[init].path))).toBe(false);
    await waitFor(() => agentEndpoint.sessions.length === 0);
  });
});

describe('a host without an init system clinic-tui knows', () => {
  it('says so plainly instead of guessing', async () => {
    const fixture = await startSandboxHostFixture('http://127.0.0.1:9', 'none');
    try {
      const conn = await fixture.connect();
      const facts = await probeHost(conn, headlessPrompter);
      expect(facts.init).toBe('none');
      await expect(ngrokService(conn, facts).status()).rejects.toThrow(/^no init system clinic-tui knows: /);
      await conn.close();
    } finally {
      await fixture.host.close();
    }
  });
});
