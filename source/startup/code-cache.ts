import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { ExitCode } from '../errors.js';

/** Where a bundle's code cache is kept, and whether this run's compiled code is worth keeping there. */
export interface CodeCache {
  /** The cache file; undefined: no cache for this run. */
  file: string | undefined;
  keep: boolean;
}

/**
 * Runs that finished their work (a fleet with a clinic unhealthy included) write the cache: a run refused for bad
 * input leaves nothing behind, and one that failed early compiled too little of the bundle to serve later runs.
 */
const finishedWork: readonly number[] = [ExitCode.ok, ExitCode.unhealthy];

/** Another build's cache of the same bundle is removed once it is this old (it is written again when used). */
const staleAfterMs = 30 * 24 * 60 * 60 * 1000;

/**
 * Loads a CommonJS bundle as require() does, compiled from the V8 code cache when one is there, and keeps a new
 * cache when there was none (or V8 refused it: another Node, other flags). Node 20 keeps no compile cache of its
 * own (module.enableCompileCache is Node 22.1+), so every run would otherwise parse and compile the bundle again,
 * most of what a short command spends beyond Node's own start.
 *
 * The cache is compiled code that runs as this user, so it is read only from a directory and a file this user owns
 * and no one else may write (opened without following a symbolic link or waiting on a pipe). It is written at exit,
 * so it holds every function the run compiled, not only the top level. On Windows, where ownership cannot be
 * checked this way, no cache is kept.
 */
export function requireWithCodeCache(file: string, cache: CodeCache): unknown {
  const source = readFileSync(file, 'utf8');
  const cacheFile = process.getuid ? cache.file : undefined;
  const cachedData = cacheFile === undefined ? undefined : readOwnFile(cacheFile);
  // The wrapper Node puts around every CommonJS module (https://nodejs.org/api/modules.html#the-module-wrapper).
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  if (cacheFile !== undefined && cache.keep && (cachedData === undefined || script.cachedDataRejected)) {
    process.once('exit', (code) => {
      if (finishedWork.includes(code)) writeCache(cacheFile, script);
    });
  }
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** The cache's bytes when it and its directory are this user's alone and it is a regular file; else undefined. */
function readOwnFile(file: string): Buffer | undefined {
  let descriptor: number;
  try {
    if (!ownedByThisUserAlone(lstatSync(dirname(file)))) return undefined;
    // O_NONBLOCK: a named pipe put in the cache's place would otherwise hold the open forever.
    descriptor = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(descriptor);
    return stats.isFile() && ownedByThisUserAlone(stats) ? readFileSync(descriptor) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Writes the cache beside a temporary name and renames it into place (a concurrent run reads the old cache or the
 * new one, never half of one), then removes the caches of other builds of the same bundle older than a month. A
 * cache is only ever an optimisation: any failure leaves the run as it was. Run as root with someone else's home
 * (sudo keeping HOME), nothing is written there: a root-owned directory would keep that user's runs from caching.
 */
function writeCache(cacheFile: string, script: Script): void {
  const directory = dirname(cacheFile);
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    if (process.getuid?.() === 0 && ownerOfNearest(directory) !== 0) return;
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    if (!ownedByThisUserAlone(lstatSync(directory))) return;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, cacheFile);
    const bundle = `${basename(cacheFile).split('.')[0]}.`;
    for (const name of readdirSync(directory)) {
      const other = join(directory, name);
      if (
        name.startsWith(bundle) &&
        name !== basename(cacheFile) &&
        Date.now() - lstatSync(other).mtimeMs > staleAfterMs
      )
        rmSync(other, { force: true });
    }
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** The owner of `path`, or of the nearest of its parents that exists. */
function ownerOfNearest(path: string): number {
  for (let at = path; ; at = dirname(at)) {
    try {
      return lstatSync(at).uid;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) throw error;
    }
  }
}

/** True for a file or directory owned by this user that neither its group nor others may write. */
function ownedByThisUserAlone(stats: Stats): boolean {
  return stats.uid === process.getuid?.() && (stats.mode & 0o022) === 0;
}
