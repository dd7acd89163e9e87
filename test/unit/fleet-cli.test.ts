import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { runCli } from '../helpers/cli.js';

let emulator: Emulator;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator();
  // Three clinics, the last one with no agent online.
  seedFleet(emulator, { clinics: 3, offline: 1 });
  env = { NGROK_API_KEY: emulator.createApiKey(), NGROK_API_URL: emulator.url };
});
afterAll(async () => {
  await emulator.close();
});

// Each test spawns the CLI through tsx, which takes many seconds on a loaded 2-core machine.
describe('clinic-tui fleet (no TTY)', { timeout: 90_000 }, () => {
  it('refuses without NGROK_API_KEY, saying what to do (exit 2)', async () => {
    const result = await runCli(['fleet', '--once'], { env: { NGROK_API_KEY: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('NGROK_API_KEY is not set');
    expect(result.stderr).toContain('clinic-tui demo');
  });

  it('--json prints every clinic and exits 3 when one is not healthy', async () => {
    const result = await runCli(['fleet', '--json'], { env });
    expect(result.code).toBe(3);
    const document = JSON.parse(result.stdout);
    expect(document.clinics.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['clinic1', 'healthy'],
      ['clinic2', 'healthy'],
      ['clinic3', 'offline'],
    ]);
    expect(document.clinics[0].endpoints).toEqual([
      {
        name: 'rest-api',
        internal_url: 'https://rest-api.clinic1.internal',
        online: true,
        public_url: 'https://api-clinic1.clinic-network.com',
        cloud: 'ok',
      },
    ]);
    expect(result.stdout).not.toContain(env.NGROK_API_KEY);
  });

  it('--format prometheus prints the metrics', async () => {
    const result = await runCli(['fleet', '--format', 'prometheus'], { env });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('clinic_tui_clinic_up{clinic="clinic3"} 0');
    expect(result.stdout).toContain('clinic_tui_endpoint_up{clinic="clinic1",endpoint="rest-api"} 1');
  });
});
