import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../source/sandbox/emulator/server.js';
import { bundleLikeTheCli } from './bundle.js';
import { seedThreeServiceFleet } from './fleet-seed.js';

/**
 * Frame time and memory of the fleet screen with 10,000 clinics (goal: ≤ 16 ms a frame, ≤ 150 MB RSS),
 * measured on the code as it ships: bench/fleet-screen/probe.ts is bundled like the CLI (production React,
 * minified) and run by plain node in its own process, against this process's emulator seeded with clinics in
 * the guide's shape (3 internal + 3 cloud endpoints each). The probe's memory is the whole fleet view's: the
 * poller's lists, the health rows, React and Ink; the emulator's is not in it.
 * A frame = a key press until Ink has written the new screen: moving the selection, re-sorting all rows, and
 * filtering as you type (each character re-filters all rows); the kinds are interleaved in rounds so noise from
 * a neighbour hits them alike. Also times Ink's floor: a plain 40-line screen redrawn in the same process.
 * Memory is read right after the frames, after the screen has sat idle (PROBE_REST_MS, default 60 s: V8 returns
 * memory only once allocation stops for a while), while it reads at the budget's pace of one request a second
 * (PROBE_READ_MS, default 120 s; at 10,000 clinics a refresh is 401 requests, so that is the steady state) and
 * after a full collection.
 * Run: npx tsx bench/fleet-frames.ts [clinics]   (default 10000)
 */

const clinics = Number(process.argv[2] ?? 10_000);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const probe = await bundleLikeTheCli(root, 'fleet-probe', 'bench/fleet-screen/probe.ts');

const emulator = await startEmulator({ rateLimit: 0 });
seedThreeServiceFleet(emulator, clinics, Math.floor(clinics / 100));

interface ProbeResult {
  firstReadMs: number;
  times: Record<'move' | 'sort' | 'filter', number[]>;
  floor: number[];
  rssMb: number;
  restMs: number;
  restRssMb: number;
  restHeapUsedMb: number;
  readMs: number;
  readingRssMb: number;
  peakRssMb: number;
  heapUsedMb: number;
  liveHeapMb: number;
  rssAfterGcMb: number;
  heapTotalAfterGcMb: number;
  externalAfterGcMb: number;
}

const result = await new Promise<ProbeResult>((resolve, reject) => {
  const child = spawn(process.execPath, [probe], {
    env: {
      ...process.env,
      NGROK_API_URL: emulator.url,
      NGROK_API_KEY: emulator.createApiKey(),
      PROBE_CLINICS: String(clinics),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.on('error', reject);
  child.on('exit', (code) => {
    if (code === 0) resolve(JSON.parse(output) as ProbeResult);
    else reject(new Error(`the probe exited with ${code}:\n${output}`));
  });
});
await emulator.close();

function summary(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(1);
  return `min ${sorted[0]?.toFixed(1)}, median ${at(0.5)}, p95 ${at(0.95)} ms (${times.length} frames)`;
}

console.log(`fleet screen, ${clinics} clinics, 120×40 terminal, shipped build (production React)`);
console.log(
  `first full read: ${(result.firstReadMs / 1000).toFixed(1)} s (no rate limit; the emulator is local)`,
);
console.log(`move selection:     ${summary(result.times.move)}`);
console.log(`re-sort all rows:   ${summary(result.times.sort)}`);
console.log(`filter as you type: ${summary(result.times.filter)}`);
console.log(`Ink floor, plain 40-line screen: ${summary(result.floor)}`);
console.log(
  `at rest (${result.restMs / 1000} s idle after the frames): RSS ${result.restRssMb.toFixed(0)} MB, heap used ${result.restHeapUsedMb.toFixed(0)} MB`,
);
console.log(
  `reading at the budget's pace (1 request/s for ${result.readMs / 1000} s): RSS at most ${result.readingRssMb.toFixed(0)} MB`,
);
console.log(
  `RSS ${result.rssMb.toFixed(0)} MB after the frames (heap used ${result.heapUsedMb.toFixed(0)} MB), peak ${result.peakRssMb.toFixed(0)} MB; after a full GC: RSS ${result.rssAfterGcMb.toFixed(0)} MB, live heap ${result.liveHeapMb.toFixed(0)} MB of ${result.heapTotalAfterGcMb.toFixed(0)} MB V8 heap, ${result.externalAfterGcMb.toFixed(0)} MB outside it`,
);
