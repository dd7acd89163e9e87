import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NgrokClient } from '../../source/ngrok/client.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { freshStateDir, runCli } from '../helpers/cli.js';

// `rotate --all` stops after a failed canary and changes nothing: two clinics whose credentials carry no host
// record (onboarded by an older tool), so the canary cannot even be inspected. No host is needed.
describe('clinic-tui rotate --all', () => {
  let emulator: Emulator;
  let apiKey: string;
  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: 0 });
    apiKey = emulator.createApiKey();
    const client = new NgrokClient({ apiKey, baseUrl: emulator.url });
    for (const clinic of ['clinic-a', 'clinic-b']) {
      const user = await client.serviceUsers.create({ name: `clinic-tui/${clinic}` });
      await client.credentials.create({
        owner_id: user.id,
        acl: [`bind:*.${clinic}.internal`],
        metadata: formatTag({ role: 'agent-credential', clinic, generation: 1 }),
      });
    }
  });
  afterAll(() => emulator?.close());

  const env = () => ({ NGROK_API_KEY: apiKey, NGROK_API_URL: emulator.url });

  it('--json: the canary is skipped with the reason, the rest are not attempted, exit 1, nothing changed', async () => {
    const before = emulator.state.credentials.all().map((c) => c.id);
    const result = await runCli(['rotate', '--all', '--yes', '--json'], { env: env(), timeoutMs: 120_000 });
    expect(result.code).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ result: 'skipped', new_credential: null, gap_ms: null });
    expect(lines[0].error.message).toContain('no host record');
    expect(lines[1]).toMatchObject({
      result: 'skipped',
      error: { message: expect.stringContaining('canary') },
    });
    expect(emulator.state.credentials.all().map((c) => c.id)).toEqual(before);
  }, 150_000);

  it('--json: a clinic another run holds is skipped naming that run, and is not the canary', async () => {
    const home = freshStateDir();
    mkdirSync(join(home, 'locks'));
    const lockPath = join(home, 'locks', 'clinic-a.lock');
    const holder = {
      pid: process.pid,
      command: 'clinic-tui onboard --answers a.yml',
      since: 'now',
      host: hostname(),
    };
    writeFileSync(lockPath, JSON.stringify(holder));
    // clinic-a is the oldest, so it would be the canary.
    const credentialOf = (clinic: string) =>
      emulator.state.credentials.all().find((c) => String(c.metadata).includes(`"${clinic}"`))!;
    credentialOf('clinic-a').created_at = '2001-01-01T00:00:00Z';
    const result = await runCli(['rotate', '--all', '--yes', '--json'], {
      env: { ...env(), CLINIC_TUI_HOME: home },
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => [line.clinic, line.result])).toEqual([
      ['clinic-a', 'skipped'],
      ['clinic-b', 'skipped'],
    ]);
    expect(lines[0].error.message).toContain(
      `clinic-a is being changed by another run: pid ${process.pid} (clinic-tui onboard --answers a.yml)`,
    );
    expect(lines[1].error.message).toContain('no host record');
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toEqual(holder);
  }, 150_000);

  it('refuses to run headless without --yes, and --older-than needs an age', async () => {
    const noYes = await runCli(['rotate', '--all'], { env: env() });
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('pass --yes');
    const badAge = await runCli(['rotate', '--all', '--yes', '--older-than', '3 months'], { env: env() });
    expect(badAge.code).toBe(2);
    expect(badAge.stderr).toContain('--older-than "3 months" is not an age');
  }, 150_000);
});
