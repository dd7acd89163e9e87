/**
 * Benchmark (not a test): API requests per onboarding and sequential round trips on the critical path, with
 * 50 ms latency injected into every emulator answer. Goal: ≤ 15 requests, ≤ 5 sequential round trips.
 *
 * A "sequential round trip" is one link in the longest chain of requests where each starts only after the
 * previous one answered: the largest set of pairwise non-overlapping request intervals (greedy by end time).
 * Requests that overlap (Promise.all) count once. SSH time on the sandbox host is not an API round trip and is
 * reported apart. Run: npx tsx bench/onboard.ts
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { pathToFileURL } from 'node:url';
import { onboardInProcess, startWorld } from '../test/flows/fixture.js';

/** What Node's http.client channels publish (https://nodejs.org/api/diagnostics_channel.html#http). */
interface Sent {
  request: ClientRequest;
}

interface Interval {
  start: number;
  end: number;
  label: string;
}

/** The longest chain of non-overlapping intervals (the API round trips that had to happen one after another). */
export function sequentialRoundTrips(intervals: Interval[]): Interval[] {
  const chain: Interval[] = [];
  let free = Number.NEGATIVE_INFINITY;
  for (const interval of [...intervals].sort((a, b) => a.end - b.end)) {
    if (interval.start >= free) {
      chain.push(interval);
      free = interval.end;
    }
  }
  return chain;
}

/** Onboards the guide's clinic from nothing against a fresh emulator and sandbox host; returns the figures. */
export async function benchOnboard(latencyMs = 50) {
  const world = await startWorld();
  world.emulator.faults.latencyMs = latencyMs;
  const intervals: Interval[] = [];
  // Every HTTP request of this process, from its start to its answer: the API client sends on node:http.
  const opened = new Map<ClientRequest, number>();
  const onStart = (message: unknown) => opened.set((message as Sent).request, performance.now());
  const onAnswer = (message: unknown) => {
    const { request } = message as Sent;
    const start = opened.get(request);
    const label = `${request.method} ${request.path.split('?')[0]}`;
    if (start !== undefined) intervals.push({ start, end: performance.now(), label });
  };
  subscribe('http.client.request.start', onStart);
  subscribe('http.client.response.finish', onAnswer);
  const started = performance.now();
  try {
    const run = await onboardInProcess(world);
    const wallMs = Math.round(performance.now() - started);
    const api = intervals.filter((entry) => !entry.label.includes('/_sandbox/'));
    const chain = sequentialRoundTrips(api);
    const apiBusyMs = Math.round(chain.reduce((sum, entry) => sum + (entry.end - entry.start), 0));
    return {
      result: run.summary.result,
      requests: run.requests,
      sequentialRoundTrips: chain.length,
      criticalPath: chain.map((entry) => entry.label),
      requestsByCall: api.map((entry) => entry.label),
      apiCriticalPathMs: apiBusyMs,
      wallMs,
    };
  } finally {
    unsubscribe('http.client.request.start', onStart);
    unsubscribe('http.client.response.finish', onAnswer);
    await world.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchOnboard();
  console.log(JSON.stringify(figures, null, 2));
  const ok = figures.requests <= 15 && figures.sequentialRoundTrips <= 5;
  console.log(
    `requests ${figures.requests} (goal ≤ 15), sequential round trips ${figures.sequentialRoundTrips} (goal ≤ 5): ${ok ? 'met' : 'NOT met'}`,
  );
}
