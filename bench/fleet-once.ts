/**
 * Benchmark (not a test): what API latency costs `clinic-tui fleet --once --json` as shipped. The built CLI reads
 * the emulator (seeded with `seedFleet`) through a local proxy that holds every answer back by 400 ms; the same
 * runs without the added latency are the baseline, interleaved in one run. Reports the requests, the round trips
 * on the critical path (goal ≤ 2 for a fleet whose lists fit in one page each) and the time the latency added,
 * also as round trips' worth of it and as a share of what the requests would cost one after another.
 * Run: npx tsx bench/fleet-once.ts [clinics=20]   (BENCH_RUNS=5 runs per latency)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedFleet } from '../source/sandbox/emulator/seed.js';
import { startEmulator } from '../source/sandbox/emulator/server.js';
import { criticalPathRounds } from '../test/helpers/round-trips.js';
import { startLatencyProxy } from './latency-proxy.js';

const root = resolve(import.meta.dirname, '..');
const clinics = Number(process.argv[2] ?? 20);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const addedLatencyMs = 400;

interface Run {
  ms: number;
  requests: number;
  rounds: number;
  clinicsListed: number;
}

/** Runs `fleet --once --json` once; wall time from spawn to exit. */
function runOnce(env: NodeJS.ProcessEnv): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['dist/clinic-tui.cjs', 'fleet', '--once', '--json'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      // 3 = some clinic is not healthy (the seed has offline ones); anything else but 0 is a failed run.
      if (code === 0 || code === 3) resolvePromise({ ms, stdout });
      else reject(new Error(`fleet --once exited ${code}: ${stderr}`));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
const emulator = await startEmulator({ rateLimit: 0 });
seedFleet(emulator, { clinics, offline: Math.ceil(clinics / 10) });
const proxy = await startLatencyProxy(emulator.url, 0);
const { CI: _ci, ...base } = process.env;
const env = {
  ...base,
  NO_COLOR: '1',
  NGROK_API_KEY: emulator.createApiKey(),
  NGROK_API_URL: proxy.url,
};
const results: Record<'none' | 'added', Run[]> = { none: [], added: [] };
try {
  for (let round = 0; round < runs; round++) {
    for (const latency of ['none', 'added'] as const) {
      proxy.latencyMs = latency === 'added' ? addedLatencyMs : 0;
      proxy.take();
      // A fresh state directory each run: no fleet memory carried from one run to the next.
      const home = mkdtempSync(join(tmpdir(), 'clinic-tui-bench-'));
      const { ms, stdout } = await runOnce({ ...env, CLINIC_TUI_HOME: home });
      const requests = proxy.take();
      const listed = (JSON.parse(stdout) as { clinics: unknown[] }).clinics.length;
      results[latency].push({
        ms,
        requests: requests.length,
        rounds: criticalPathRounds(requests),
        clinicsListed: listed,
      });
    }
  }
} finally {
  await proxy.close();
  await emulator.close();
}

const without = median(results.none.map((run) => run.ms));
const withLatency = median(results.added.map((run) => run.ms));
const added = withLatency - without;
const requests = median(results.added.map((run) => run.requests));
const rounds = median(results.added.map((run) => run.rounds));
console.log(
  JSON.stringify(
    {
      clinics,
      clinicsListed: median(results.added.map((run) => run.clinicsListed)),
      runsPerLatency: runs,
      requests,
      roundTripsOnCriticalPath: rounds,
      goalRoundTrips: 2,
      wallMsWithoutLatency: Math.round(without),
      wallMsWith400msLatency: Math.round(withLatency),
      msAddedByLatency: Math.round(added),
      addedInRoundTrips: Number((added / addedLatencyMs).toFixed(2)),
      addedShareOfSequential: Number((added / (requests * addedLatencyMs)).toFixed(2)),
      runs: {
        without: results.none.map((run) => Math.round(run.ms)),
        with400ms: results.added.map((run) => `${Math.round(run.ms)}ms/${run.rounds}rt`),
      },
    },
    null,
    2,
  ),
);
