import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTag } from '../../source/ngrok/tags.js';
import { callRoute, seedFleet } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { freshStateDir, runCli } from '../helpers/cli.js';

// An id the account does not know is a typo: offboard exits 2 as rotate does, not "converged". A clinic onboarded
// only in the office is listed by `fleet` but has no authtoken yet: rotate says so.
describe('clinic-tui offboard and rotate of a clinic the account does not (fully) hold', () => {
  let emulator: Emulator;
  let apiKey: string;
  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: 0 });
    apiKey = emulator.createApiKey();
    seedFleet(emulator, { clinics: 2, offline: 0, firstNumber: 1 });
  });
  afterAll(() => emulator?.close());

  it('exits 2 naming the id, and deletes nothing', async () => {
    const before = emulator.state.counts();
    const result = await runCli(['offboard', 'clinic3', '--yes', '--json'], {
      env: { NGROK_API_KEY: apiKey, NGROK_API_URL: emulator.url, CLINIC_TUI_HOME: freshStateDir() },
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('The ngrok account has no clinic "clinic3"');
    expect(result.stdout).not.toContain('converged');
    expect(emulator.state.counts()).toEqual(before);
  });

  it('rotate of a clinic onboarded only with --stage cloud says what to run, exit 2', async () => {
    callRoute(emulator.state, 'POST', '/endpoints', {
      type: 'cloud',
      url: 'https://api-clinic7.clinic-network.com',
      traffic_policy: JSON.stringify({ on_http_request: [{ actions: [{ type: 'deny' }] }] }),
      metadata: formatTag({ clinic: 'clinic7', role: 'cloud-endpoint', service: 'rest-api' }),
    });
    const result = await runCli(['rotate', 'clinic7', '--yes'], {
      env: { NGROK_API_KEY: apiKey, NGROK_API_URL: emulator.url, CLINIC_TUI_HOME: freshStateDir() },
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('clinic7 has no authtoken to rotate yet');
    expect(result.stderr).toContain('--stage host');
  });
});
