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

/** The exit code of a run refused for bad input, which leaves nothing behind (not even this cache). */
const usageExitCode = 2;

/**
 * Loads a CommonJS bundle as require() does, compiled from the V8 code cache in `cacheFile` when one is there, and
 * keeps a new cache there when there was none (or V8 refused it: another Node, other flags). Node 20 keeps no
 * compile cache of its own (module.enableCompileCache is Node 22.1+), so every run would otherwise parse and
 * compile the bundle again, most of what a short command spends beyond Node's own start.
 *
 * The cache is compiled code that runs as this user, so only a file this user owns and no one else may write is
 * read (opened without following a symbolic link), and it is written in a directory this user owns. The cache is
 * written at exit, so it holds every function the run compiled, not only the top level.
 */
export function requireWithCodeCache(file: string, cacheFile: string): unknown {
  const source = readFileSync(file, 'utf8');
  const cachedData = readOwnFile(cacheFile);
  // The wrapper Node puts around every CommonJS module (https://nodejs.org/api/modules.html#the-module-wrapper).
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', (code) => {
      if (code !== usageExitCode) writeCache(cacheFile, script);
    });
  }
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return module.exports;
}

/** A file's bytes when it is a regular file this user owns and only this user can write; undefined otherwise. */
function readOwnFile(file: string): Buffer | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
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

/** Another build's cache of the same bundle is removed once it has not been rewritten for this long. */
const staleAfterMs = 30 * 24 * 60 * 60 * 1000;

/**
 * Writes the cache beside a temporary name and renames it into place (a concurrent run reads the old cache or the
 * new one, never half of one), then removes the caches of other builds of the same bundle left for a month (two
 * installed versions used in turn keep theirs). A cache is only ever an optimisation: any failure leaves the run
 * as it was.
 */
function writeCache(cacheFile: string, script: Script): void {
  const directory = dirname(cacheFile);
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
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

/** True for a file or directory owned by this user that neither its group nor others may write (never on Windows). */
function ownedByThisUserAlone(stats: Stats): boolean {
  return stats.uid === process.getuid?.() && (stats.mode & 0o022) === 0;
}
