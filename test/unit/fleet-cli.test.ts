import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { saveProbeResult } from '../../source/store/probe-results.js';
import { freshStateDir, runCli } from '../helpers/cli.js';

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

  it("reads the state directory's probe results: the probe in --json, an open endpoint in the Prometheus output", async () => {
    const home = freshStateDir();
    await saveProbeResult(
      'clinic1',
      {
        at: '2026-11-27T01:30:00Z',
        endpoints: [
          { url: 'https://api-clinic1.clinic-network.com', verdict: 'open', detail: 'a stranger got in' },
        ],
      },
      join(home, 'probe-results.json'),
    );
    const json = await runCli(['fleet', '--json'], { env: { ...env, CLINIC_TUI_HOME: home } });
    const [clinic1, clinic2] = JSON.parse(json.stdout).clinics;
    expect(clinic1.status).toBe('drift');
    expect(clinic1.probe.endpoints[0]).toEqual({
      url: 'https://api-clinic1.clinic-network.com',
      name: null,
      verdict: 'open',
      detail: 'a stranger got in',
    });
    expect(clinic2.probe).toBeNull();
    const metrics = await runCli(['fleet', '--format', 'prometheus'], {
      env: { ...env, CLINIC_TUI_HOME: home },
    });
    expect(metrics.stdout).toContain(
      'clinic_tui_endpoint_open{clinic="clinic1",endpoint="https://api-clinic1.clinic-network.com"} 1',
    );
  });

  it('--format prometheus prints the metrics', async () => {
    const result = await runCli(['fleet', '--format', 'prometheus'], { env });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('clinic_tui_clinic_up{clinic="clinic3"} 0');
    expect(result.stdout).toContain(
      'clinic_tui_endpoint_up{clinic="clinic1",endpoint="rest-api",internal_url="https://rest-api.clinic1.internal"} 1',
    );
  });
});
