import { describe, expect, it } from 'vitest';
import { FleetBudget } from '../../source/fleet/budget.js';
import { emptyMemory } from '../../source/fleet/health.js';
import { FleetPoller } from '../../source/fleet/poller.js';
import { RateLimiter } from '../../source/ngrok/rate-limiter.js';
import { buildLists, type FixtureClinic } from '../helpers/fleet-fixtures.js';
import { criticalPathRounds, OverlapFleetApi } from '../helpers/round-trips.js';

function clinics(count: number): FixtureClinic[] {
  return Array.from({ length: count }, (_, i) => ({ id: `c${i}` }));
}

describe('criticalPathRounds', () => {
  it('counts overlapping requests once and chained ones each', () => {
    expect(criticalPathRounds([])).toBe(0);
    expect(
      criticalPathRounds([
        { start: 1, end: 4 },
        { start: 2, end: 5 },
        { start: 3, end: 6 },
      ]),
    ).toBe(1);
    expect(
      criticalPathRounds([
        { start: 1, end: 2 },
        { start: 3, end: 4 },
        { start: 5, end: 8 },
        { start: 6, end: 7 },
      ]),
    ).toBe(3);
  });
});

describe('the fleet reads its lists side by side', () => {
  it('reads a fleet that fits in one page per list in one round trip (--once)', async () => {
    // 20 clinics: 20 credentials, 20 sessions, 60 agent and 60 cloud endpoints, no reserved addresses.
    const api = new OverlapFleetApi(buildLists(clinics(20)));
    const poller = new FleetPoller({ api, memory: emptyMemory() });
    const { clinics: rows } = await poller.refreshAll();
    expect(rows).toHaveLength(20);
    expect(rows.every((clinic) => clinic.status === 'healthy')).toBe(true);
    expect(api.requests.map((request) => request.list).sort()).toEqual([
      'credentials',
      'endpoints:agent',
      'endpoints:cloud',
      'reserved_addrs',
      'tunnel_sessions',
    ]);
    expect(criticalPathRounds(api.requests)).toBe(1);
  });

  it('pages each list in turn but the lists side by side: rounds = the longest list, not the sum', async () => {
    // 150 clinics: credentials 2 pages, sessions 2, agent endpoints 5, cloud endpoints 5, reserved addresses 1.
    const api = new OverlapFleetApi(buildLists(clinics(150)));
    const poller = new FleetPoller({ api, memory: emptyMemory() });
    await poller.refreshAll();
    expect(api.requests).toHaveLength(15);
    expect(criticalPathRounds(api.requests)).toBe(5);
    expect(poller.current().clinics).toHaveLength(150);
  });

  it('reads the first refresh and the later ones (fast lists + a slow page) in one round trip each', async () => {
    const api = new OverlapFleetApi(buildLists(clinics(20)));
    const poller = new FleetPoller({ api, memory: emptyMemory() });
    await poller.refresh();
    expect(criticalPathRounds(api.requests)).toBe(1);
    expect(poller.current().complete).toBe(true);

    const later = api.now();
    await poller.refresh();
    const second = api.requests.filter((request) => request.start > later);
    expect(second.map((request) => request.list).sort()).toEqual([
      'credentials',
      'endpoints:agent',
      'tunnel_sessions',
    ]);
    expect(criticalPathRounds(second)).toBe(1);
  });

  it('stops the other lists before their next page when one fails, and reports that failure', async () => {
    const api = new OverlapFleetApi(buildLists(clinics(150)));
    const failure = new Error('ERR_NGROK_500: credentials');
    api.failOn = { list: 'credentials', page: 1, error: failure };
    const poller = new FleetPoller({ api, memory: emptyMemory() });
    await expect(poller.refreshAll()).rejects.toBe(failure);
    // The first pages were already on their way; no list asked for a second one.
    expect(api.requests.every((request) => request.page === 1)).toBe(true);
    expect(api.requests.every((request) => Number.isFinite(request.end))).toBe(true);
    const sent = api.requestCount;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.requestCount).toBe(sent);
  });

  it('is complete only once the agent endpoint list has been read too, not when the sessions are', async () => {
    // Two agents per clinic: 120 agent endpoints (2 pages); every other list fits in one page and ends first.
    const api = new OverlapFleetApi(buildLists(clinics(20).map((clinic) => ({ ...clinic, sessions: 2 }))));
    const poller = new FleetPoller({ api, memory: emptyMemory() });
    const agentPagesReadWhenComplete: number[] = [];
    poller.subscribe((state) => {
      if (state.complete) {
        agentPagesReadWhenComplete.push(
          api.pagesOf('endpoints:agent').filter((request) => request.end <= api.now()).length,
        );
      }
    });
    await poller.refresh();
    expect(api.pagesOf('endpoints:agent')).toHaveLength(2);
    expect(agentPagesReadWhenComplete[0]).toBe(2);
  });

  it('stays within the budget and, while it is full, reads the credentials before the other lists go on', async () => {
    let now = Date.parse('2026-11-27T02:00:00Z');
    const clock = () => now;
    const sleep = async (ms: number) => {
      now += ms;
    };
    const budget = new FleetBudget(new RateLimiter({ clock, sleep }), { limit: 6, clock, sleep });
    const startedAt: number[] = [];
    const api = new OverlapFleetApi(buildLists(clinics(150)), async () => {
      await budget.acquire();
      startedAt.push(clock());
    });
    const poller = new FleetPoller({ api, memory: emptyMemory(), budget, clock, sleep });
    await poller.refreshAll();
    expect(api.requests).toHaveLength(15);
    for (const start of startedAt) {
      const inWindow = startedAt.filter((other) => other >= start && other < start + budget.windowMs);
      expect(inWindow.length).toBeLessThanOrEqual(6);
    }
    // All five first pages went out together; then the credentials finished before any other second page.
    expect(criticalPathRounds(api.requests.filter((request) => request.page === 1))).toBe(1);
    const credentialsRead = Math.max(...api.pagesOf('credentials').map((request) => request.end));
    const laterPages = api.requests.filter((request) => request.list !== 'credentials' && request.page > 1);
    expect(laterPages.length).toBeGreaterThan(0);
    expect(laterPages.every((request) => request.start > credentialsRead)).toBe(true);
  });
});
