import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFleet } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { scriptingCommandOf } from '../../source/startup/scripting-route.js';
import { type CliResult, cliBundle, projectRoot, runCli } from '../helpers/cli.js';

/**
 * The bin sends a run that draws no terminal UI to a CommonJS bundle of its one command, loaded through V8's code
 * cache. That bundle must answer exactly as the full program would, and its cache must be one this user alone wrote.
 */
const fullProgram = join(projectRoot, 'dist', 'clinic-tui.js');
const answers = 'assets/examples/clinic1.yml';

let emulator: Emulator;
let apiEnv: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0 });
  seedFleet(emulator, { clinics: 3, offline: 1 });
  apiEnv = { NGROK_API_KEY: emulator.createApiKey(), NGROK_API_URL: emulator.url };
});

afterAll(async () => {
  await emulator?.close();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Every temporary directory a test made, removed after the file. */
const made: string[] = [];
function temporary(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A cache directory of its own (XDG_CACHE_HOME), and where the CLI keeps its caches in it. */
function freshCache(): { env: Record<string, string>; dir: string } {
  const home = temporary('clinic-tui-cache-');
  return { env: { XDG_CACHE_HOME: home }, dir: join(home, 'clinic-tui-nodejs') };
}

/** A run's answer with its clock readings (the fleet's read and last-seen times) taken out. */
function timeless(run: CliResult): CliResult {
  const clock = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
  return { ...run, stdout: run.stdout.replace(clock, '<time>'), stderr: run.stderr.replace(clock, '<time>') };
}

const lint = (env: Record<string, string>): Promise<CliResult> => runCli(['lint', answers], { env });

describe('a scripting bundle answers as the full program does', () => {
  const runs: string[][] = [
    ['lint', answers],
    ['lint', answers, '--json'],
    ['lint', '--help'],
    ['lint'],
    ['lint', 'no-such-file.yml'],
    ['lint', answers, '--bogus'],
    ['render', '--answers', answers],
    ['render'],
    ['schema'],
    ['schema', 'extra'],
    ['fleet', '--once'],
    ['fleet', '--json'],
    ['fleet', '--format', 'prometheus'],
    ['fleet', '--once', '--interval', '5'],
    ['fleet', '--json', '--format', 'text'],
    ['fleet', '--once', '--help'],
  ];
  for (const args of runs) {
    it(`clinic-tui ${args.join(' ')}`, async () => {
      expect(scriptingCommandOf(args)).toBeDefined();
      const [bundled, full] = await Promise.all([
        runCli(args, { env: apiEnv }),
        runCli(args, { env: apiEnv, script: [fullProgram] }),
      ]);
      expect(timeless(bundled)).toEqual(timeless(full));
    });
  }

  it('there is one bundle for each command the bin sends runs to, and no other', () => {
    const routed = ['lint', 'render', 'schema', 'fleet'].map((name) =>
      scriptingCommandOf(name === 'fleet' ? [name, '--once'] : [name]),
    );
    const built = readdirSync(join(projectRoot, 'dist', 'scripting')).map((file) =>
      file.replace(/\.cjs$/, ''),
    );
    expect([...built].sort()).toEqual([...routed].sort());
  });
});

describe('Ctrl+C during a scripting run', () => {
  for (const [label, script] of [
    ['the scripting bundle', [cliBundle]],
    ['the full program', [fullProgram]],
  ] as const) {
    it(`fleet --once waiting on the API ends as interrupted (130), not as a bug (${label})`, async () => {
      emulator.faults.latencyMs = 3000;
      try {
        const child = spawn(process.execPath, [...script, 'fleet', '--once'], {
          cwd: projectRoot,
          env: {
            ...process.env,
            ...apiEnv,
            CLINIC_TUI_HOME: temporary('clinic-tui-state-'),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
        // Well inside the first answer's delay.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        child.kill('SIGINT');
        expect(await exited).toBe(130);
        expect(stderr).not.toMatch(/bug/i);
      } finally {
        emulator.faults.latencyMs = 0;
      }
    });
  }
});

describe("the scripting bundles' code cache", () => {
  it('is written by the first run (0600 in a 0700 directory) and used, not rewritten, by the next', async () => {
    const cache = freshCache();
    const first = await lint(cache.env);
    expect(first.code).toBe(0);
    const [file, ...others] = readdirSync(cache.dir);
    expect(others).toEqual([]);
    expect(file).toMatch(/^lint\.[0-9a-f]{16}\.v8cache$/);
    expect(statSync(cache.dir).mode & 0o777).toBe(0o700);
    const written = statSync(join(cache.dir, file ?? ''));
    expect(written.mode & 0o777).toBe(0o600);
    const second = await lint(cache.env);
    expect(second).toEqual(first);
    // V8 accepted it: a refused cache is written anew (a new file renamed into place).
    expect(statSync(join(cache.dir, file ?? '')).ino).toBe(written.ino);
  });

  it('a cache V8 refuses (here: garbage) is replaced, and the run answers as ever', async () => {
    const cache = freshCache();
    const expected = await lint(cache.env);
    const [file = ''] = readdirSync(cache.dir);
    writeFileSync(join(cache.dir, file), Buffer.alloc(4096, 7), { mode: 0o600 });
    const run = await lint(cache.env);
    expect(run).toEqual(expected);
    expect(readFileSync(join(cache.dir, file)).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  it('a cache others may write is never read (compiled code runs as this user): it is replaced', async () => {
    const cache = freshCache();
    await lint(cache.env);
    const [file = ''] = readdirSync(cache.dir);
    const path = join(cache.dir, file);
    // A good cache, but writable by anyone: read, it would be used and left as it is.
    chmodSync(path, 0o666);
    const before = statSync(path).ino;
    expect((await lint(cache.env)).code).toBe(0);
    expect(statSync(path).ino).not.toBe(before);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('a cache that is a symbolic link is not followed: the link is replaced, its target left alone', async () => {
    const cache = freshCache();
    await lint(cache.env);
    const [file = ''] = readdirSync(cache.dir);
    const elsewhere = temporary('clinic-tui-cache-target-');
    const target = join(elsewhere, 'good.v8cache');
    cpSync(join(cache.dir, file), target);
    const targetBytes = readFileSync(target);
    const path = join(cache.dir, file);
    rmSync(path);
    symlinkSync(target, path);
    expect((await lint(cache.env)).code).toBe(0);
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(target).equals(targetBytes)).toBe(true);
  });

  it('a run refused for bad input (exit 2) leaves no cache, not even its directory', async () => {
    const cache = freshCache();
    const run = await runCli(['lint'], { env: cache.env });
    expect(run.code).toBe(2);
    expect(() => statSync(cache.dir)).toThrow();
  });

  it('a run that only shows help keeps no cache (it compiles too little to serve later runs)', async () => {
    const cache = freshCache();
    const run = await runCli(['lint', '--help'], { env: cache.env });
    expect(run.code).toBe(0);
    expect(() => statSync(cache.dir)).toThrow();
  });

  it("a cache file owned by another user is never read: it is replaced by this user's own", async () => {
    const cache = freshCache();
    await lint(cache.env);
    const [file = ''] = readdirSync(cache.dir);
    const path = join(cache.dir, file);
    chownSync(path, 65534, 65534);
    const before = statSync(path).ino;
    expect((await lint(cache.env)).code).toBe(0);
    expect(statSync(path).ino).not.toBe(before);
    expect(statSync(path).uid).toBe(process.getuid?.());
  });

  it("a named pipe in the cache's place does not hold the run: it is replaced", async () => {
    const cache = freshCache();
    await lint(cache.env);
    const [file = ''] = readdirSync(cache.dir);
    const path = join(cache.dir, file);
    rmSync(path);
    execFileSync('mkfifo', [path]);
    const run = await runCli(['lint', answers], { env: cache.env, timeoutMs: 20_000 });
    expect(run.code).toBe(0);
    expect(statSync(path).isFile()).toBe(true);
  });

  it('a relative XDG_CACHE_HOME is ignored: nothing is made in the working directory', async () => {
    const cwd = temporary('clinic-tui-cwd-');
    const run = await runCli(['lint', join(projectRoot, answers)], {
      env: { XDG_CACHE_HOME: 'relative' },
      cwd,
    });
    expect(run.code).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('with no home directory at all (no HOME, no passwd entry) a scripting run still answers, uncached', () => {
    const { HOME: _home, XDG_CACHE_HOME: _cache, ...env } = process.env;
    const output = execFileSync(
      'setpriv',
      ['--reuid=54321', '--regid=54321', '--clear-groups', process.execPath, cliBundle, 'schema'],
      { cwd: tmpdir(), env, encoding: 'utf8' },
    );
    expect(output).toContain('"$schema"');
  });

  it("another build's cache is removed once a month old; a newer one is kept (two versions in turn)", async () => {
    const cache = freshCache();
    mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
    const old = join(cache.dir, 'lint.0000000000000000.v8cache');
    const recent = join(cache.dir, 'lint.1111111111111111.v8cache');
    const otherCommand = join(cache.dir, 'render.0000000000000000.v8cache');
    for (const path of [old, recent, otherCommand]) writeFileSync(path, 'x', { mode: 0o600 });
    const monthsAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    utimesSync(old, monthsAgo, monthsAgo);
    utimesSync(otherCommand, monthsAgo, monthsAgo);
    expect((await lint(cache.env)).code).toBe(0);
    const left = readdirSync(cache.dir).sort();
    expect(left).toContain('lint.1111111111111111.v8cache');
    expect(left).toContain('render.0000000000000000.v8cache');
    expect(left).not.toContain('lint.0000000000000000.v8cache');
    expect(left.filter((name) => /^lint\.[0-9a-f]{16}\.v8cache$/.test(name))).toHaveLength(2);
  });

  it('the bin itself is what package.json names', () => {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    expect(join(projectRoot, manifest.bin['clinic-tui'])).toBe(cliBundle);
  });
});
