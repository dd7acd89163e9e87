import { spawn } from 'node:child_process';

/** One timed run of something, in milliseconds. */
export type Probe = () => Promise<number>;

/** A probe's median and minimum over the rounds. */
export type Stats = Record<string, { median: number; min: number }>;

/**
 * Milliseconds from spawning `command` in an 80×24 pseudo-terminal (`script`) until `marker` appears on its
 * output, or until it exits when no marker is given.
 */
export function timeToOutput(
  command: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  marker?: string,
): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qefc', `stty cols 80 rows 24; ${command}`, '/dev/null'], {
      cwd,
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

/**
 * Milliseconds from spawning `argv` with pipes (as a script would) until it exits, or with `untilOutput` until its
 * first byte on stdout; fails unless it exits 0 or 3.
 */
export function timeToExit(
  argv: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  untilOutput = false,
): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const [file = '', ...args] = argv;
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let printedAt: number | undefined;
    child.stdout.on('data', () => {
      printedAt ??= elapsed();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = elapsed();
      // 3: `fleet --once` found a clinic that is not healthy (the seeded fleet has offline ones).
      if (code !== 0 && code !== 3)
        reject(new Error(`${argv.slice(1).join(' ')} exited ${code}: ${stderr.slice(-300)}`));
      else if (untilOutput && printedAt === undefined)
        reject(new Error(`${argv.slice(1).join(' ')} printed nothing`));
      else resolvePromise(untilOutput ? (printedAt ?? ms) : ms);
    });
  });
}

/** A copy of `items` in random order (Fisher–Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Runs every probe once per round, interleaved, and prints and returns each one's median and minimum. Each round
 * runs them in a new random order: a run right after another of the same program finds more of it in the page
 * cache and CPU caches (about 20 ms faster measured here), so no probe may keep following the same neighbour.
 */
export async function measureInterleaved(rounds: number, probes: Record<string, Probe>): Promise<Stats> {
  const entries = Object.entries(probes);
  const times = Object.fromEntries(entries.map(([label]) => [label, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    for (const [label, once] of shuffled(entries)) times[label]!.push(await once());
  }
  const stats: Stats = {};
  for (const [label, values] of Object.entries(times)) {
    stats[label] = { median: median(values), min: Math.min(...values) };
    console.log(
      `${label.padEnd(32)} median ${stats[label].median.toFixed(0).padStart(5)} ms  min ${stats[label].min.toFixed(0).padStart(5)} ms  (${values.map((t) => t.toFixed(0)).join(', ')})`,
    );
  }
  return stats;
}

/** One line: a probe as a ratio to another, median and minimum, against a goal when there is one. */
export function ratioLine(stats: Stats, label: string, baseline: string, goal?: number): string {
  const probe = stats[label]!;
  const base = stats[baseline]!;
  const median = probe.median / base.median;
  const min = probe.min / base.min;
  const verdict =
    goal === undefined ? '' : ` (goal ≤ ${goal}×: ${median <= goal ? 'met' : 'not met'} at the median)`;
  return `${label} / ${baseline}: median ${median.toFixed(2)}×, min ${min.toFixed(2)}×${verdict}`;
}
