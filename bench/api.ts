/**
 * Benchmark (not a test) for the ngrok API layer: seeding the emulator with a fleet, and listing it through the
 * client: requests per list (goal: 1,000 sessions in 10), wall time per list, and what 20 ms of injected latency
 * per answer costs. Run: npx tsx bench/api.ts [clinics=1000]
 */
import { performance } from 'node:perf_hooks';
import { collect, NgrokClient } from '../source/ngrok/client.js';
import { RateLimiter } from '../source/ngrok/rate-limiter.js';
import { seedFleet } from '../source/sandbox/emulator/seed.js';
import { startEmulator } from '../source/sandbox/emulator/server.js';

const clinics = Number(process.argv[2] ?? 1000);
const emulator = await startEmulator({ rateLimit: 0 });
try {
  let started = performance.now();
  seedFleet(emulator, { clinics, offline: Math.floor(clinics / 10) });
  const seedMs = performance.now() - started;
  const client = new NgrokClient({
    apiKey: 'bench',
    baseUrl: emulator.url,
    limiter: new RateLimiter({ limit: 1_000_000 }),
  });
  const rows: Record<string, number | string>[] = [];
  const lists: Record<string, () => AsyncIterable<unknown>> = {
    tunnelSessions: () => client.tunnelSessions.list(),
    endpoints: () => client.endpoints.list(),
    agentEndpoints: () => client.endpoints.list({ filter: 'obj.type == "agent"' }),
    credentials: () => client.credentials.list(),
  };
  for (const latencyMs of [0, 20]) {
    emulator.faults.latencyMs = latencyMs;
    for (const [name, list] of Object.entries(lists)) {
      const before = client.requestCount;
      started = performance.now();
      const items = await collect(list());
      rows.push({
        list: name,
        latencyMs,
        items: items.length,
        requests: client.requestCount - before,
        ms: Math.round(performance.now() - started),
      });
    }
  }
  console.log(JSON.stringify({ clinics, seedMs: Math.round(seedMs), lists: rows }, null, 2));
} finally {
  await emulator.close();
}
