/**
 * Startup benchmark (not a test): time from spawning the bundled CLI to its first frame, for the onboarding wizard
 * (`clinic-tui onboard` with no answers file) and for `clinic-tui fleet`, each as a ratio to `node -e 0` measured
 * in the same run on the same machine. Goal: ≤ 2.0×. Run: `npx tsx bench/startup.ts` (builds dist/ first).
 * The CLI runs under `script` in an 80×24 pseudo-terminal, as in a person's terminal; stty is part of every run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedFleet } from '../source/sandbox/emulator/seed.js';
import { startEmulator } from '../source/sandbox/emulator/server.js';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 7);

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

async function measure(label: string, once: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  const value = median(times);
  console.log(
    `${label.padEnd(34)} median ${value.toFixed(0).padStart(5)} ms  (${times.map((t) => t.toFixed(0)).join(', ')})`,
  );
  return value;
}

execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
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
  const baseline = await measure('node -e 0', () => timeToOutput(`${node} -e 0`, env));
  const wizard = await measure('wizard first frame (onboard)', () =>
    timeToOutput(`${node} dist/clinic-tui.js onboard`, env, 'Start from'),
  );
  const fleet = await measure('fleet first frame', () =>
    timeToOutput(`${node} dist/clinic-tui.js fleet`, env, 'clinic-tui fleet'),
  );
  console.log(
    `\nratio to node -e 0 (goal ≤ 2.0×): wizard ${(wizard / baseline).toFixed(2)}×, fleet ${(fleet / baseline).toFixed(2)}×`,
  );
} finally {
  await emulator.close();
}
