import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { UserError } from '../errors.js';
import { isClinicId, maxClinicIdLength } from '../spec/patterns.js';
import { stateDir } from '../store/paths.js';

/**
 * Checks a command runs before it changes anything: the state directory and the arguments that no schema covers
 * (the API environment: ngrok/api-env.ts).
 * Each failure is a UserError saying what to do, so bad input exits 2 with nothing created or changed.
 */

/** A clinic id given on the command line must be one onboarding could have created. */
export function checkClinicIdArg(id: string): void {
  if (isClinicId(id)) return;
  throw new UserError(
    `"${id}" is not a clinic id: ids are lowercase letters, digits and inner dashes, at most ${maxClinicIdLength} characters.`,
    'See `clinic-tui fleet --once` for the ids of the clinics in the account.',
  );
}

/**
 * The local state directory (CLINIC_TUI_HOME or the per-OS default) must be an absolute path to a directory this
 * user can write: a command that changed the account and then failed to record it would leave no audit line.
 * Creates the directory when missing (as the first write would); leaves nothing else behind.
 */
export async function checkStateDir(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dir = stateDir(env);
  const hint = 'Set CLINIC_TUI_HOME to an absolute path of a directory you can write, or unset it.';
  if (!isAbsolute(dir)) {
    throw new UserError(`CLINIC_TUI_HOME must be an absolute path, got "${dir}".`, hint);
  }
  // Unique per process and moment, created exclusively (never through a file or link already there); no crypto
  // module for a name, which would load Web Crypto before the first frame.
  const probe = join(dir, `.write-check-${process.pid}-${Date.now().toString(36)}`);
  let created = false;
  try {
    await makeDirectory(dir, 0o700);
    await writeFile(probe, '', { mode: 0o600, flag: 'wx' });
    created = true;
  } catch (error) {
    throw new UserError(`The state directory ${dir} cannot be used: ${whyNot(error)}.`, hint);
  } finally {
    // Only the file this check made: a name already taken is someone else's.
    if (created) await rm(probe, { force: true }).catch(() => undefined);
  }
}

/**
 * mkdir -p, one level at a time; a file in the way is ENOTDIR. Node's recursive mkdir never returns when a parent
 * exists but refuses children with ENOENT (/proc does); here that is an error like any other.
 */
export async function makeDirectory(dir: string, mode = 0o777): Promise<void> {
  try {
    await mkdir(dir, { mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
    }
    const parent = dirname(dir);
    const parentExists = await stat(parent).then(
      () => true,
      () => false,
    );
    if (code !== 'ENOENT' || parent === dir || parentExists) throw error;
    await makeDirectory(parent, mode);
    await mkdir(dir, { mode });
  }
}

/** Why a directory could not be made or written, in words. */
export function whyNot(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR') return 'a file is in the way';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  if (code === 'ENOENT') return 'it cannot be created there';
  return code ?? 'unknown error';
}
