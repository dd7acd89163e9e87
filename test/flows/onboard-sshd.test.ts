import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { loadAnswersFile } from '../../source/spec/load.js';
import { type SshdHarness, startSshd } from '../helpers/sshd.js';
import { onboardInProcess } from './fixture.js';

// The same onboarding, against OpenSSH's real sshd (publickey login, real sudo) instead of the sandbox host.
describe('onboarding a clinic host behind real sshd', { timeout: 240_000 }, () => {
  let emulator: Emulator;
  let sshd: SshdHarness;
  let world: Parameters<typeof onboardInProcess>[0];
  let configPath: string;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: 0 });
    sshd = await startSshd({ connectUrl: emulator.url });
    const dir = mkdtempSync(join(tmpdir(), 'onboard-sshd-'));
    configPath = join(sshd.root, 'etc', 'ngrok', 'ngrok.yml');
    const spec = await loadAnswersFile(join(import.meta.dirname, '../../assets/examples/clinic1.yml'));
    const host = {
      address: '127.0.0.1',
      port: sshd.port,
      user: sshd.user,
      config_path: configPath,
      identity_file: sshd.keyPath,
    };
    const answersPath = join(dir, 'clinic1.yml');
    writeFileSync(answersPath, stringify({ ...spec, host }));
    const knownHostsPath = join(dir, 'known_hosts');
    writeFileSync(knownHostsPath, `${sshd.knownHostsLine}\n`);
    world = {
      emulator,
      apiKey: emulator.createApiKey(),
      answersPath,
      knownHostsPath,
      stateDir: join(dir, 'state'),
    };
  });
  afterAll(async () => {
    await Promise.allSettled([sshd?.stop(), emulator?.close()]);
  });

  it('converges: root-owned 0600 config with the new token, agent online, token in no argv or output', async () => {
    const { summary, lines } = await onboardInProcess(world);
    expect(summary.result, lines.join('\n')).toBe('converged');
    const stat = statSync(configPath);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(stat.uid).toBe(0);
    const token = (parse(readFileSync(configPath, 'utf8')) as { agent: { authtoken: string } }).agent
      .authtoken;
    const [credential] = emulator.state.credentials.all();
    expect(emulator.state.sessionsOf(credential!.id)).toHaveLength(1);
    expect(sshd.argvLog().join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain(token);
  });
});
