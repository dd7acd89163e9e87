import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { stateDir } from './paths.js';
import { isProcessAlive } from './process-alive.js';

/**
 * One run per clinic on this laptop: a lock file per clinic in the state directory, made with O_EXCL so two runs
 * cannot both take it. It names the run (pid, command, start time, machine) for the message the second run gets. A
 * lock whose process is gone (killed, crashed) is stale and taken over. The account is shared with other laptops,
 * which no local lock can see: reconciling by tags is what makes a race between laptops converge.
 */
export interface ClinicLock {
  release(): void;
}

interface Holder {
  pid: number;
  command: string;
  since: string;
  host: string;
}

/** The lock files this process holds, released on exit by one listener however many there are (up to 64). */
const held = new Set<string>();
let exitListening = false;

function holdUntilExit(path: string): void {
  held.add(path);
  if (exitListening) return;
  exitListening = true;
  // Also on process.exit() (a second Ctrl+C): the next run must not find a lock of a process that is gone. One
  // listener for all: one each would pass Node's limit of 10 and print MaxListenersExceededWarning.
  process.on('exit', () => {
    for (const path of [...held]) releasePath(path);
  });
}

function releasePath(path: string): void {
  if (!held.delete(path)) return;
  if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
}

/** Takes the clinic's lock, or says which run holds it (exit 2: nothing was changed). */
export function lockClinic(clinic: string, command: string, dir: string = stateDir()): ClinicLock {
  const locks = join(dir, 'locks');
  mkdirSync(locks, { recursive: true, mode: 0o700 });
  const path = join(locks, `${clinic}.lock`);
  const holder: Holder = { pid: process.pid, command, since: new Date().toISOString(), host: hostname() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(holder));
      closeSync(fd);
      holdUntilExit(path);
      return { release: () => releasePath(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const other = readHolder(path);
    if (other && isRunning(other)) {
      throw new UserError(
        `${clinic} is being changed by another run: pid ${other.pid} (${other.command}), since ${other.since}.`,
        'Wait for it to finish, or stop it; then run this command again.',
      );
    }
    // Stale: its process is gone (or the file is unreadable). Take it over.
    rmSync(path, { force: true });
  }
  throw new UserError(`Could not take the lock of ${clinic} (${path}).`, 'Run the command again.');
}

function readHolder(path: string): Holder | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (typeof value.pid !== 'number' || typeof value.command !== 'string') return undefined;
    return { pid: value.pid, command: value.command, since: String(value.since), host: String(value.host) };
  } catch {
    return undefined;
  }
}

/** A lock from another machine (a shared home directory) cannot be checked: it counts as running. */
function isRunning(holder: Holder): boolean {
  return holder.host !== hostname() || isProcessAlive(holder.pid);
}
