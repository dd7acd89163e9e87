import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveProbeResult } from '../../source/store/probe-results.js';
import { buildLists, FakeFleetApi } from '../helpers/fleet-fixtures.js';
import { watchPlainFleet } from '../helpers/plain-fleet.js';

describe('fleet --plain (and TERM=dumb): plain text refreshes', () => {
  it('prints the table after a refresh that changed it, never a cursor movement or a colour', async () => {
    const api = new FakeFleetApi(
      buildLists([
        { id: 'clinic-a', version: '3.22.1' },
        { id: 'clinic-b', sessions: 0 },
      ]),
    );
    const printed = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () =>
          run.text().split('STATUS').length - 1 >= count ? resolve() : setTimeout(check, 20);
        check();
      });
    const state = mkdtempSync(join(tmpdir(), 'fleet-plain-'));
    const probesPath = join(state, 'probe-results.json');
    const probedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const refused = {
      url: 'https://api-clinic-a.clinic-network.com',
      verdict: 'refused' as const,
      detail: '403',
    };
    await saveProbeResult('clinic-a', { at: probedAt, endpoints: [refused] }, probesPath);
    const run = watchPlainFleet({ api, stateDir: state, poller: { minIntervalMs: 20 } });
    await printed(1);
    expect(run.text()).toMatch(/^2 clinics: 1 offline, 1 healthy/);
    expect(run.text()).toMatch(/offline +clinic-b/);
    expect(run.text()).toMatch(/healthy +clinic-a +3\.22\.1 +1\/1 +3\/3 +✓ 2h /);
    expect(run.text()).toMatch(/offline +clinic-b +- +0\/1 +0\/3 +— /);
    // A refresh that changes nothing prints nothing; a change prints the table again, below the first.
    const before = run.text();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(run.text()).toBe(before);
    api.data = buildLists([
      { id: 'clinic-a', version: '3.22.1' },
      { id: 'clinic-b', version: '3.22.1' },
    ]);
    await printed(2);
    expect(run.text().slice(before.length)).toMatch(/2 clinics: 2 healthy/);
    await run.stop();
    expect(run.text()).not.toMatch(/\u001b/);
  });
});
