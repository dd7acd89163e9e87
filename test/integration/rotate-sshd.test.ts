import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hostFile, onboardSandboxClinic, type SandboxClinic, watchGaps } from '../flows/rotate-fixture.js';
import { freshStateDir, runCli } from '../helpers/cli.js';

/** Every file under a directory, as text (the local state a token must never reach). */
function readTree(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}

// The whole command against real OpenSSH: host record from the account's tags, real sudo, setsid, and the
// temporary agent of a pooled clinic; the new token must show up nowhere but in the host's ngrok.yml.
describe('clinic-tui rotate against real sshd', () => {
  let clinic: SandboxClinic;
  beforeAll(async () => {
    clinic = await onboardSandboxClinic({ pooled: true, sshd: true });
  }, 90_000);
  afterAll(() => clinic?.close());

  it('rotates with --yes --json and leaks the new token nowhere', async () => {
    const home = freshStateDir();
    const gaps = watchGaps(clinic.emulator, clinic.urls);
    const result = await runCli(
      [
        'rotate',
        'clinic1',
        '--yes',
        '--json',
        '--identity',
        clinic.sandbox.keyPath,
        '--known-hosts',
        clinic.sandbox.knownHostsPath,
      ],
      {
        env: { NGROK_API_KEY: clinic.apiKey, NGROK_API_URL: clinic.emulator.url, CLINIC_TUI_HOME: home },
        timeoutMs: 280_000,
      },
    );
    gaps.stop();
    expect(result.stderr).toContain('✓ Push the new ngrok.yml and restart the service');
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const outcome = JSON.parse(result.stdout.trim());
    expect(outcome).toEqual({
      clinic: 'clinic1',
      result: 'rotated',
      old_credential: clinic.oldCredentialId,
      new_credential: expect.stringMatching(/^cr_/),
      gap_ms: 0,
    });
    expect(gaps.longestGapMs()).toBe(0);

    const newToken: string = parse(hostFile(clinic, clinic.spec.host.config_path)).agent.authtoken;
    expect(newToken).not.toBe(clinic.oldToken);
    const audit = readFileSync(join(home, 'audit.log'), 'utf8');
    expect(audit).toContain('"action":"rotate.revoke"');
    for (const text of [result.stdout, result.stderr, readTree(home), clinic.sandbox.argvLog().join('\n')]) {
      expect(text).not.toContain(newToken);
    }
    expect(clinic.emulator.state.credentials.all().map((c) => c.id)).toEqual([outcome.new_credential]);
  }, 300_000);
});
