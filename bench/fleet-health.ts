import { computeFleetHealth, emptyMemory } from '../source/fleet/health.js';
import { buildSnapshot } from '../test/helpers/fleet-fixtures.js';

/**
 * Time of one health computation (source/fleet/health.ts) for a fleet: a first run with an empty memory and a
 * steady-state run with the memory the first one returned, as the poller does after every refresh.
 * Run: npx tsx bench/fleet-health.ts [clinics]   (default 10000; CPU ms, min and median of 7 runs)
 */

const clinics = Number(process.argv[2] ?? 10_000);
const snapshot = buildSnapshot(
  Array.from({ length: clinics }, (_, i) => ({
    id: `clinic${i + 1}`,
    ...(i % 100 === 0 ? { sessions: 0 } : {}),
    ...(i % 70 === 1 ? { downEndpoints: ['patient-db'] } : {}),
  })),
);

// CPU time, not wall time: on a shared, loaded machine wall time varies 10x between runs of the same code.
function time(run: () => unknown): number {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}

function stats(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  return `min ${sorted[0]?.toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms`;
}

const first: number[] = [];
const steady: number[] = [];
for (let run = 0; run < 7; run++) {
  let memory = emptyMemory();
  first.push(time(() => (memory = computeFleetHealth(snapshot, memory, new Date()).memory)));
  steady.push(time(() => computeFleetHealth(snapshot, memory, new Date())));
}
console.log(
  `computeFleetHealth, ${clinics} clinics, CPU time: first ${stats(first)}; steady ${stats(steady)}`,
);
