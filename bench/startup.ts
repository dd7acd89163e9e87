/**
 * Startup benchmark (not a test), every figure a ratio measured in one run on one machine:
 * - the first frame of the onboarding wizard (`clinic-tui onboard` with no answers file) and of `clinic-tui fleet`
 *   against the smallest Ink program (bench/ink-floor/app.tsx, bundled like the CLI): goal ≤ 1.25×. They run under
 *   `script` in an 80×24 pseudo-terminal, as in a person's terminal; stty is part of every run. The Ink program
 *   is the part of the startup that belongs to Ink itself (React, the reconciler, yoga's WebAssembly), which no
 *   change in clinic-tui can remove; they are also shown against the same program drawing the marks the screens
 *   draw (bench/ink-floor/marks.tsx: Ink's first non-ASCII text costs it more);
 * - the scripting paths (`--version`, `schema`, `lint`, `render`, `fleet --once --json`), spawned with pipes as a
 *   script spawns them, until they exit, against `node -e 0` spawned the same way: goal ≤ 1.5× plus their API time.
 *   The bin loads lint, render, schema and fleet --once from a scripting bundle through V8's code cache, which the
 *   first run writes (a cache directory of the bench's own, warmed before the rounds); `lint, no code cache yet`
 *   is that first run (each round in an empty cache directory), shown against the same `lint` with its cache.
 *   `fleet --once` reads the emulator through a proxy that logs each request, and the span from its first request
 *   to the end of its last is taken off its time; it is timed to its exit and to its output, the difference
 *   being what the process does after its work (with fetch, Node waited at exit for the background optimisation
 *   of the WebAssembly HTTP parser fetch loads; the client now uses node:http, whose parser is built in).
 * Probes run interleaved, so a burst of noise from a neighbour hits them alike; median and minimum are reported (on
 * a shared machine the minimum is the steadiest estimate of the real cost).
 * Run: `npx tsx bench/startup.ts` (builds dist/ first; BENCH_RUNS rounds, default 15).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seedFleet } from '../source/sandbox/emulator/seed.js';
import { startEmulator } from '../source/sandbox/emulator/server.js';
import { bundleLikeTheCli } from './bundle.js';
import { startLatencyProxy } from './latency-proxy.js';
import { measureInterleaved, type Probe, ratioLine, timeToExit, timeToOutput } from './timing.js';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 15);

execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
const floorApp = await bundleLikeTheCli(root, 'ink-floor', 'bench/ink-floor/app.tsx');
const marksApp = await bundleLikeTheCli(root, 'ink-floor-marks', 'bench/ink-floor/marks.tsx');
const emulator = await startEmulator({ rateLimit: 0 });
seedFleet(emulator, { clinics: 20, offline: 2 });
const proxy = await startLatencyProxy(emulator.url, 0);
const { CI: _ci, CONTINUOUS_INTEGRATION: _cont, ...base } = process.env;
/** The bench's own directories (code caches, state), removed at the end. */
const scratch = mkdtempSync(join(tmpdir(), 'clinic-tui-bench-'));
const cacheHome = join(scratch, 'cache');
const env = {
  ...base,
  XDG_CACHE_HOME: cacheHome,
  TERM: 'xterm-256color',
  NO_COLOR: '1',
  CLINIC_TUI_HOME: join(scratch, 'state'),
  NGROK_API_KEY: emulator.createApiKey(),
  NGROK_API_URL: proxy.url,
};
const node = process.execPath;
const cli = [node, 'dist/clinic-tui.cjs'];
const answers = 'assets/examples/clinic1.yml';

/**
 * `fleet --once --json` less the time its requests were on the wire (first start to last end), until it exits or
 * until it has printed the fleet (the difference is what the process does after its work is done).
 */
const fleetOnceLessApi =
  (untilOutput: boolean): Probe =>
  async () => {
    proxy.take();
    const ms = await timeToExit([...cli, 'fleet', '--once', '--json'], env, root, untilOutput);
    const requests = proxy.take();
    const apiMs = Math.max(...requests.map((r) => r.end)) - Math.min(...requests.map((r) => r.start));
    return ms - apiMs;
  };

/** `lint` as its first run: no code cache yet, so it compiles the bundle and writes the cache at exit. */
const lintWithoutCache: Probe = () =>
  timeToExit(
    [...cli, 'lint', answers],
    { ...env, XDG_CACHE_HOME: mkdtempSync(join(scratch, 'cold-')) },
    root,
  );

try {
  // The caches the scripting runs write on their first run, so the rounds measure what every later run costs.
  for (const args of [
    ['schema'],
    ['lint', answers],
    ['render', '--answers', answers],
    ['fleet', '--once', '--json'],
  ])
    await timeToExit([...cli, ...args], env, root);
  const stats = await measureInterleaved(runs, {
    'node -e 0 (terminal)': () => timeToOutput(`${node} -e 0`, env, root),
    'smallest Ink program': () => timeToOutput(`${node} ${floorApp}`, env, root, 'ink floor'),
    'Ink program with · ▼ marks': () => timeToOutput(`${node} ${marksApp}`, env, root, 'ink floor'),
    'wizard first frame (onboard)': () => timeToOutput(`${cli.join(' ')} onboard`, env, root, 'Start from'),
    'fleet first frame': () => timeToOutput(`${cli.join(' ')} fleet`, env, root, 'clinic-tui fleet'),
    'node -e 0 (pipes)': () => timeToExit([node, '-e', '0'], env, root),
    '--version': () => timeToExit([...cli, '--version'], env, root),
    schema: () => timeToExit([...cli, 'schema'], env, root),
    lint: () => timeToExit([...cli, 'lint', answers], env, root),
    'lint, no code cache yet': lintWithoutCache,
    render: () => timeToExit([...cli, 'render', '--answers', answers], env, root),
    'fleet --once --json − API time': fleetOnceLessApi(false),
    'fleet --once printed − API time': fleetOnceLessApi(true),
  });
  console.log('');
  for (const label of ['wizard first frame (onboard)', 'fleet first frame']) {
    console.log(ratioLine(stats, label, 'smallest Ink program', 1.25));
    console.log(ratioLine(stats, label, 'Ink program with · ▼ marks'));
  }
  console.log(ratioLine(stats, 'smallest Ink program', 'node -e 0 (terminal)'));
  const scripting = ['--version', 'schema', 'lint', 'render', 'fleet --once --json − API time'];
  for (const label of [...scripting, 'fleet --once printed − API time']) {
    console.log(ratioLine(stats, label, 'node -e 0 (pipes)', 1.5));
  }
  console.log(ratioLine(stats, 'lint, no code cache yet', 'lint'));
} finally {
  await proxy.close();
  await emulator.close();
  rmSync(scratch, { recursive: true, force: true });
}
