import { describe, expect, it } from 'vitest';
import { emptyMemory } from '../../source/fleet/health.js';
import { FleetPoller, type FleetState } from '../../source/fleet/poller.js';
import { buildLists, FakeFleetApi, type FixtureClinic } from '../helpers/fleet-fixtures.js';

function clinics(count: number, extra: Partial<FixtureClinic> = {}): FixtureClinic[] {
  return Array.from({ length: count }, (_, i) => ({ id: `c${i}`, ...extra }));
}

/**
 * A clock that only moves when the poller sleeps, and sleeps that last until the test lets them end, so the
 * test can read each interval and change the world between refreshes.
 */
function fakeTime() {
  let now = Date.parse('2026-11-27T02:00:00Z');
  const sleeps: number[] = [];
  let release: (() => void) | undefined;
  let sleeping: (() => void) | undefined;
  return {
    clock: () => now,
    sleeps,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        sleeps.push(ms);
        release = () => {
          now += ms;
          resolve();
        };
        sleeping?.();
      }),
    /** Waits until the poller sleeps (the n-th time). */
    async asleep(n: number): Promise<void> {
      while (sleeps.length < n) await new Promise<void>((resolve) => (sleeping = resolve));
    },
    wake(): void {
      release?.();
    },
  };
}

describe('FleetPoller', () => {
  it('reads every list on the first refresh, then sessions + agent endpoints + one slow page', async () => {
    // 150 clinics: 150 sessions (2 pages), 450 agent endpoints (5 pages), 150 credentials (2), 450 cloud (5).
    const api = new FakeFleetApi(buildLists(clinics(150)));
    const poller = new FleetPoller({ api, memory: emptyMemory() });
    await poller.refresh();
    expect(api.calls.filter((c) => c === 'credentials')).toHaveLength(2);
    expect(api.calls.filter((c) => c === 'endpoints:cloud')).toHaveLength(5);
    expect(poller.current().complete).toBe(true);
    expect(poller.current().clinics).toHaveLength(150);
    expect(poller.current().clinics.every((c) => c.status === 'healthy')).toBe(true);

    await poller.refresh();
    expect(poller.current().requestsLastRefresh).toBe(2 + 5 + 1);
  });

  it('keeps the table and shows the error when a refresh fails, then clears it on success', async () => {
    const api = new FakeFleetApi(buildLists(clinics(3)));
    const poller = new FleetPoller({ api, memory: emptyMemory() });
    await poller.refresh();
    api.failWith = new Error('ERR_NGROK_226: rate limit');
    await poller.refresh();
    expect(poller.current().error).toBe('ERR_NGROK_226: rate limit');
    expect(poller.current().clinics).toHaveLength(3);
    await poller.refresh();
    expect(poller.current().error).toBeUndefined();
  });

  it('never runs two refreshes at once', async () => {
    const api = new FakeFleetApi(buildLists(clinics(3)));
    const poller = new FleetPoller({ api, memory: emptyMemory() });
    await Promise.all([poller.refresh(), poller.refresh(), poller.refresh()]);
    expect(api.calls.filter((c) => c === 'tunnel_sessions')).toHaveLength(1);
  });

  it('paces refreshes by their cost and backs off exponentially on errors', async () => {
    const api = new FakeFleetApi(buildLists(clinics(150)));
    const time = fakeTime();
    const budget = { inUse: () => 0, limit: 60, windowMs: 60_000 };
    const poller = new FleetPoller({ api, memory: emptyMemory(), budget, minIntervalMs: 5_000, ...time });
    const states: FleetState[] = [];
    poller.subscribe((state) => states.push(state));
    poller.start();
    await time.asleep(1);
    time.wake();
    await time.asleep(2);
    // First refresh: 2 + 2 + 5 + 5 + 1 (empty reserved addrs) = 15 requests → 15 s at 60 per minute;
    // then 2 session pages + 5 agent endpoint pages + 1 slow page = 8 → 8 s.
    expect(time.sleeps.slice(0, 2)).toEqual([15_000, 8_000]);
    api.failWith = new Error('boom');
    time.wake();
    await time.asleep(3);
    api.failWith = new Error('boom again');
    time.wake();
    await time.asleep(4);
    const stopped = poller.stop();
    time.wake();
    await stopped;
    expect(time.sleeps.slice(2, 4)).toEqual([5_000, 10_000]);
    expect(states.some((state) => state.error === 'boom')).toBe(true);
  });

  it('saves the memory after each successful refresh', async () => {
    const api = new FakeFleetApi(buildLists(clinics(2)));
    const saved: string[][] = [];
    const poller = new FleetPoller({
      api,
      memory: emptyMemory(),
      saveMemory: async (memory) => {
        saved.push(Object.keys(memory.clinics));
      },
    });
    await poller.refresh();
    expect(saved).toEqual([['c0', 'c1']]);
  });

  it('starts with an empty memory, then refreshes with the one loadMemory read', async () => {
    const lastSeen = '2026-11-26T09:00:00.000Z';
    const api = new FakeFleetApi(buildLists([{ id: 'c0', sessions: 0 }]));
    const time = fakeTime();
    const poller = new FleetPoller({
      api,
      loadMemory: async () => ({
        version: 1,
        clinics: { c0: { credentialIds: [], lastSeen, endpoints: [] } },
      }),
      ...time,
    });
    poller.start();
    await time.asleep(1);
    const stopped = poller.stop();
    time.wake();
    await stopped;
    expect(poller.current().clinics[0]?.agent).toMatchObject({ online: false, lastSeen });
  });

  it('remembers the clinics of its first refresh when given no memory at all', async () => {
    const api = new FakeFleetApi(buildLists(clinics(2)));
    const saved: string[][] = [];
    const poller = new FleetPoller({
      api,
      saveMemory: async (memory) => {
        saved.push(Object.keys(memory.clinics));
      },
    });
    await poller.refresh();
    expect(saved).toEqual([['c0', 'c1']]);
    expect(poller.current().clinics.map((clinic) => clinic.status)).toEqual(['healthy', 'healthy']);
  });
});
