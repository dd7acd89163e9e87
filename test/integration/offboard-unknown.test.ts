import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { freshStateDir, runCli } from '../helpers/cli.js';

// An offboard of an id the account does not know is a typo: exit 2 as rotate does, not "converged".
describe('clinic-tui offboard of a clinic that is not in the account', () => {
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
});
