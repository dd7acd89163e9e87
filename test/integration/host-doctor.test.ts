import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeHost } from '../../source/host/facts.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { pushConfigAndRestart } from '../../source/host/service.js';
import { runCli } from '../helpers/cli.js';
import { startFakeAgentEndpoint, startSandboxHostFixture } from '../helpers/sandbox-host.js';

const token = '2abDoctorToken_0123456789abcdefghijklmXyZ';
const config = `version: 3\nagent:\n  authtoken: ${token}\nendpoints:\n  - name: rest-api\n    url: https://rest-api.clinic1.internal\n    upstream: { url: 8080 }\n`;

describe.each(['systemd', 'sysv'] as const)(
  'clinic-tui doctor against a sandbox %s host',
  { timeout: 180_000 },
  (init) => {
    let agentEndpoint: Awaited<ReturnType<typeof startFakeAgentEndpoint>>;
    let fixture: Awaited<ReturnType<typeof startSandboxHostFixture>>;
    const doctor = (...extra: string[]) =>
      runCli(
        [
          'doctor',
          '--host',
          `${fixture.host.user}@127.0.0.1:${fixture.host.port}`,
          '--identity',
          fixture.host.clientKeyPath,
          ...extra,
        ],
        { timeoutMs: 150_000 },
      );

    beforeAll(async () => {
      agentEndpoint = await startFakeAgentEndpoint([token]);
      fixture = await startSandboxHostFixture(agentEndpoint.url, init);
    });
    afterAll(async () => {
      await fixture?.host.close();
      await agentEndpoint?.close();
    });

    it('refuses an unknown host key headless and says which flag trusts it', async () => {
      const result = await doctor('--known-hosts', `${fixture.host.root}/empty_known_hosts`);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('✓ SSH connection');
      expect(result.stdout).toContain(
        `✗ Host key: the host key of [127.0.0.1]:${fixture.host.port} is not known`,
      );
      expect(result.stdout).toContain('--accept-new-host-key');
      expect(result.stdout).toContain('- ngrok agent: needs the checks above');
    });

    it('on a host without a config, fails the config and service checks with what to do', async () => {
      const result = await doctor('--known-hosts', fixture.knownHostsPath);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('✓ ngrok agent: version 3.22.1');
      expect(result.stdout).toContain('✗ Agent config: /etc/ngrok/ngrok.yml does not exist');
      expect(result.stdout).toContain('✗ ngrok service: not installed');
      expect(result.stdout).toContain('→ Run clinic-tui onboard');
    });

    it('after a push, every check passes; the token is masked and the log is shown (text and --json)', async () => {
      const conn = await fixture.connect();
      await pushConfigAndRestart(
        conn,
        await probeHost(conn, headlessPrompter),
        '/etc/ngrok/ngrok.yml',
        config,
      );
      await conn.close();
      const text = await doctor('--known-hosts', fixture.knownHostsPath);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('✓ Agent config: /etc/ngrok/ngrok.yml is valid; authtoken 2ab…XyZ');
      expect(text.stdout).toContain(`✓ ngrok service: installed (${init}) and running`);
      expect(text.stdout).toContain('✓ Service runs config: /etc/ngrok/ngrok.yml (');
      expect(text.stdout).toContain('starting the simulated ngrok agent');
      expect(text.stdout).toContain('All checks passed.');
      const json = await doctor('--known-hosts', fixture.knownHostsPath, '--json');
      const report = JSON.parse(json.stdout) as { ok: boolean; checks: { id: string; status: string }[] };
      expect(report.ok).toBe(true);
      expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
        'connection:ok',
        'host-key:ok',
        'privilege:ok',
        'ngrok:ok',
        'config:ok',
        'service:ok',
        'service-config:ok',
        'logs:ok',
      ]);
      for (const output of [text.stdout, text.stderr, json.stdout, json.stderr])
        expect(output).not.toContain(token);
    });

    it('flags a service installed for another config, naming the path it really runs', async () => {
      const conn = await fixture.connect();
      const moved = await conn.exec(
        'cp /etc/ngrok/ngrok.yml /etc/ngrok.yml && ngrok service stop && ngrok service uninstall && ngrok service install --config /etc/ngrok.yml && ngrok service start',
      );
      await conn.close();
      expect(moved.code, moved.stderr).toBe(0);
      const result = await doctor('--known-hosts', fixture.knownHostsPath);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /✗ Service runs config: the service runs \/etc\/ngrok\.yml \(.*\), not \/etc\/ngrok\/ngrok\.yml/,
      );
      expect(result.stdout).toContain(
        '→ Run clinic-tui onboard: it reinstalls the service for /etc/ngrok/ngrok.yml',
      );
    });
  },
);
