import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

/** Reads a JSON file; undefined when it does not exist or is not valid JSON (local state is only a cache). */
export async function readJsonFile(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/**
 * Writes JSON atomically (temp file in the same directory, then rename) with mode 0600, so a crash mid-write
 * leaves the old file or the new one, never half of one. The temp file's name carries the writer's pid, so the
 * temp files of a killed run are recognised and removed by the next write.
 */
export async function writeJsonFileAtomic(path: string, value: unknown): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = join(dir, `.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await removeDeadWritersTemps(dir);
}

/** Removes `.<pid>-….tmp` files whose writer is gone (killed between writing and renaming). */
async function removeDeadWritersTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => []);
  for (const name of names) {
    const pid = /^\.(\d+)-[0-9a-f]+\.tmp$/.exec(name)?.[1];
    if (pid && !isProcessAlive(Number(pid))) await rm(join(dir, name), { force: true });
  }
}

/** Deletes a file if it exists. */
export async function removeFile(path: string): Promise<void> {
  await rm(path, { force: true });
}
