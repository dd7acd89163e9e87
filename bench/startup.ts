/**
 * Startup benchmark (not a test): time from spawning the bundled CLI to its first frame, for the onboarding wizard
 * (`clinic-tui onboard` with no answers file) and for `clinic-tui fleet`, each as a ratio to `node -e 0` measured
 * in the same run on the same machine. Goal: ≤ 2.0×. Run: `npx tsx bench/startup.ts` (builds dist/ first).
 * The CLI runs under `script` in an 80×24 pseudo-terminal, as in a person's terminal; stty is part of every run.
 * A third probe times the smallest Ink program (bench/ink-floor/app.tsx, bundled like the CLI): the part of the
 * startup that belongs to Ink itself and that no change in clinic-tui can remove.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedFleet } from '../source/sandbox/emulator/seed.js';
import { startEmulator } from '../source/sandbox/emulator/server.js';
import { bundleLikeTheCli } from './bundle.js';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 15);

/** Milliseconds until `marker` appears on the output (or the process exits when no marker is given). */
function timeToOutput(command: string, env: NodeJS.ProcessEnv, marker?: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qefc', `stty cols 80 rows 24; ${command}`, '/dev/null'], {
      cwd: root,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    let seen = '';
    let done = false;
    const timer = setTimeout(
      () => finish(new Error(`no "${marker}" within 60 s; saw: ${seen.slice(-300)}`)),
      60_000,
    );
    function finish(result: number | Error) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      if (result instanceof Error) reject(result);
      else resolvePromise(result);
    }
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (marker && seen.includes(marker)) finish(elapsed());
    });
    child.on('exit', () =>
      finish(marker ? new Error(`exited before "${marker}": ${seen.slice(-300)}`) : elapsed()),
    );
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Runs every probe once per round, interleaved, so a burst of noise from a neighbour hits all of them alike. Reports
 * the median and the minimum: on a shared machine the minimum is the steadiest estimate of the real cost.
 */
async function measureInterleaved(probes: Record<string, () => Promise<number>>) {
  const times = Object.fromEntries(Object.keys(probes).map((label) => [label, [] as number[]]));
  for (let round = 0; round < runs; round++) {
    for (const [label, once] of Object.entries(probes)) times[label]!.push(await once());
  }
  const stats: Record<string, { median: number; min: number }> = {};
  for (const [label, values] of Object.entries(times)) {
    stats[label] = { median: median(values), min: Math.min(...values) };
    console.log(
      `${label.padEnd(30)} median ${stats[label].median.toFixed(0).padStart(5)} ms  min ${stats[label].min.toFixed(0).padStart(5)} ms  (${values.map((t) => t.toFixed(0)).join(', ')})`,
    );
  }
  return stats;
}

execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
const floorApp = await bundleLikeTheCli(root, 'ink-floor', 'bench/ink-floor/app.tsx');
const emulator = await startEmulator({ rateLimit: 0 });
const apiKey = emulator.createApiKey();
seedFleet(emulator, { clinics: 20, offline: 2 });
const { CI: _ci, CONTINUOUS_INTEGRATION: _cont, ...base } = process.env;
const env = {
  ...base,
  TERM: 'xterm-256color',
  NO_COLOR: '1',
  CLINIC_TUI_HOME: mkdtempSync(join(tmpdir(), 'clinic-tui-bench-')),
  NGROK_API_KEY: apiKey,
  NGROK_API_URL: emulator.url,
};
const node = process.execPath;
try {
  const stats = await measureInterleaved({
    'node -e 0': () => timeToOutput(`${node} -e 0`, env),
    'smallest Ink program': () => timeToOutput(`${node} ${floorApp}`, env, 'ink floor'),
    'wizard first frame (onboard)': () =>
      timeToOutput(`${node} dist/clinic-tui.js onboard`, env, 'Start from'),
    'fleet first frame': () => timeToOutput(`${node} dist/clinic-tui.js fleet`, env, 'clinic-tui fleet'),
  });
  const baseline = stats['node -e 0']!;
  for (const label of ['smallest Ink program', 'wizard first frame (onboard)', 'fleet first frame']) {
    const probe = stats[label]!;
    console.log(
      `${label} / node -e 0 (goal ≤ 2.0×): median ${(probe.median / baseline.median).toFixed(2)}×, min ${(probe.min / baseline.min).toFixed(2)}×`,
    );
  }
} finally {
  await emulator.close();
}
