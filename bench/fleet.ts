import { FleetBudget } from '../source/fleet/budget.js';
import { emptyMemory } from '../source/fleet/health.js';
import { FleetPoller } from '../source/fleet/poller.js';
import { NgrokClient } from '../source/ngrok/client.js';
import { RateLimiter } from '../source/ngrok/rate-limiter.js';
import { startEmulator } from '../source/sandbox/emulator/server.js';
import { buildLists, FakeFleetApi } from '../test/helpers/fleet-fixtures.js';
import { seedThreeServiceFleet } from './fleet-seed.js';

/**
 * Fleet refresh at scale against the emulator: requests per refresh against the goal
 * ceil(sessions/100) + ceil(agent endpoints/100) + 1, how stale the table gets at half the API budget, the
 * busiest rolling minute, and 429s over a soak of at least 10 simulated minutes. A fake clock drives the
 * poller, both limiters and the emulator's rate window, so minutes pass in seconds; HTTP is real.
 *
 * Run: npx tsx bench/fleet.ts [--in-memory] [clinics…]   (default 1000 10000, both against the emulator; the
 * 10,000-clinic soak takes minutes since the emulator pages one listing instead of re-filtering per page).
 * Frame time and RSS: bench/fleet-frames.ts. Health model time: bench/fleet-health.ts.
 */

const minute = 60_000;

interface RefreshRecord {
  endedAt: number;
  requests: number;
  error?: string;
}

/**
 * A fake clock: sleeping advances it at once. The poller, limiters and retries run one at a time, so this is
 * consistent, and ten simulated minutes take seconds.
 */
function fakeClock() {
  let now = Date.parse('2026-11-27T00:00:00Z');
  return {
    clock: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

async function soak(clinics: number): Promise<void> {
  const { clock, sleep } = fakeClock();
  const emulator = await startEmulator({ clock, rateLimit: 120 });
  const seedStarted = performance.now();
  seedThreeServiceFleet(emulator, clinics, Math.floor(clinics / 100));
  const seedMs = performance.now() - seedStarted;
  const requestTimes: number[] = [];
  let rateLimited = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    requestTimes.push(clock());
    const response = await fetch(input, init);
    if (response.status === 429) rateLimited++;
    return response;
  };
  const budget = new FleetBudget(new RateLimiter({ clock, sleep }), { clock, sleep });
  const api = new NgrokClient({
    apiKey: emulator.createApiKey(),
    baseUrl: emulator.url,
    limiter: budget,
    fetch: countingFetch,
    sleep,
  });
  const poller = new FleetPoller({ api, budget, memory: emptyMemory(), clock, sleep, minIntervalMs: 10_000 });
  const start = clock();
  const refreshes: RefreshRecord[] = [];
  let wasRefreshing = false;
  let stopping: Promise<void> | undefined;
  const wallStarted = performance.now();
  poller.subscribe((state) => {
    if (wasRefreshing && !state.refreshing) {
      refreshes.push({
        endedAt: clock(),
        requests: state.requestsLastRefresh,
        ...(state.error ? { error: state.error } : {}),
      });
      // At least 10 simulated minutes, and at least three refreshes after the first full read.
      if (clock() - start >= 10 * minute && refreshes.length >= 4) stopping ??= poller.stop();
    }
    wasRefreshing = state.refreshing;
  });
  poller.start();
  while (!stopping) await new Promise((resolve) => setTimeout(resolve, 50));
  await stopping;
  const wallMs = performance.now() - wallStarted;

  const sessions = emulator.state.tunnelSessions.all().length;
  const agentEndpoints = emulator.state.endpoints.all().filter((e) => e.type === 'agent').length;
  const goal = Math.ceil(sessions / 100) + Math.ceil(agentEndpoints / 100) + 1;
  const [first, ...steady] = refreshes;
  const gaps = steady.map((record, i) => record.endedAt - (refreshes[i]?.endedAt ?? start));
  const busiestMinute = busiestWindow(requestTimes, minute);
  const final = poller.current();
  const row = {
    clinics,
    sessions,
    agentEndpoints,
    firstReadRequests: first?.requests,
    firstReadMinutes: first ? ((first.endedAt - start) / minute).toFixed(1) : '-',
    steadyRequests: [...new Set(steady.map((r) => r.requests))].join('/'),
    goal,
    stalenessMaxS: Math.round(Math.max(...gaps) / 1000),
    busiestMinute,
    simulatedMinutes: ((clock() - start) / minute).toFixed(1),
    rateLimited,
    errors: refreshes.filter((r) => r.error).length,
    healthy: final.clinics.filter((c) => c.status === 'healthy').length,
    offline: final.clinics.filter((c) => c.status === 'offline').length,
    seedS: (seedMs / 1000).toFixed(1),
    wallS: (wallMs / 1000).toFixed(1),
  };
  console.log(JSON.stringify(row));
  await emulator.close();
}

/** The most requests that started within any window of `windowMs` (times are in order). */
function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  let left = 0;
  for (let right = 0; right < times.length; right++) {
    while ((times[left] ?? 0) <= (times[right] ?? 0) - windowMs) left++;
    best = Math.max(best, right - left + 1);
  }
  return best;
}

/**
 * The same soak over in-memory pages (FakeFleetApi, 100 items a page) instead of HTTP: the poller, FleetBudget
 * and the fake clock are the real ones. For fleets whose emulator soak takes too long on a busy machine; 429s are
 * then judged from the busiest rolling minute against ngrok's 120.
 */
async function soakInMemory(clinics: number): Promise<void> {
  const { clock, sleep } = fakeClock();
  const fixtures = Array.from({ length: clinics }, (_, i) => ({
    id: `clinic${i + 1}`,
    ...(i >= clinics - Math.floor(clinics / 100) ? { sessions: 0 } : {}),
  }));
  const budget = new FleetBudget(new RateLimiter({ clock, sleep }), { clock, sleep });
  const requestTimes: number[] = [];
  const api = new FakeFleetApi(buildLists(fixtures), async () => {
    await budget.acquire();
    requestTimes.push(clock());
  });
  const poller = new FleetPoller({ api, budget, memory: emptyMemory(), clock, sleep, minIntervalMs: 10_000 });
  const start = clock();
  const refreshes: RefreshRecord[] = [];
  let wasRefreshing = false;
  let stopping: Promise<void> | undefined;
  poller.subscribe((state) => {
    if (wasRefreshing && !state.refreshing) {
      refreshes.push({ endedAt: clock(), requests: state.requestsLastRefresh });
      if (clock() - start >= 10 * minute && refreshes.length >= 4) stopping ??= poller.stop();
    }
    wasRefreshing = state.refreshing;
  });
  poller.start();
  while (!stopping) await new Promise((resolve) => setTimeout(resolve, 50));
  await stopping;
  const sessions = api.data.sessions.length;
  const agentEndpoints = api.data.agentEndpoints.length;
  const [first, ...steady] = refreshes;
  const gaps = steady.map((record, i) => record.endedAt - (refreshes[i]?.endedAt ?? start));
  console.log(
    JSON.stringify({
      clinics,
      mode: 'in-memory pages',
      sessions,
      agentEndpoints,
      firstReadRequests: first?.requests,
      firstReadMinutes: first ? ((first.endedAt - start) / minute).toFixed(1) : '-',
      steadyRequests: [...new Set(steady.map((r) => r.requests))].join('/'),
      goal: Math.ceil(sessions / 100) + Math.ceil(agentEndpoints / 100) + 1,
      stalenessMaxS: Math.round(Math.max(...gaps) / 1000),
      busiestMinute: busiestWindow(requestTimes, minute),
      simulatedMinutes: ((clock() - start) / minute).toFixed(1),
      offline: poller.current().clinics.filter((c) => c.status === 'offline').length,
    }),
  );
}

const inMemory = process.argv.includes('--in-memory');
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
for (const clinics of sizes.length > 0 ? sizes : [1000, 10000]) {
  await (inMemory ? soakInMemory(clinics) : soak(clinics));
}
