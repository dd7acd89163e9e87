import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '../store/process-alive.js';

/**
 * Everything a demo leaves on disk lives in one temp folder named `clinic-tui-demo-*` holding `owner.json` (the
 * demo's pid). A demo killed with SIGKILL cannot clean up, so the next demo removes the folders it can prove are
 * a dead demo's own: the name, this user's, an owner file whose process is gone. Simulated agents still running
 * from such a folder (their command line names it) are stopped first.
 */
const prefix = 'clinic-tui-demo-';
const ownerFile = 'owner.json';

/** Marks a demo folder as this process's. */
export function claimDemoFolder(dir: string): void {
  writeFileSync(join(dir, ownerFile), JSON.stringify({ pid: process.pid }), { mode: 0o600 });
}

/** Removes the folders (and stops the simulated agents) of demos that died without cleaning up. */
export function removeDeadDemos(root: string = tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of safeList(root)) {
    if (!name.startsWith(prefix)) continue;
    const dir = join(root, name);
    const owner = ownerOf(dir);
    if (owner === undefined || isProcessAlive(owner)) continue;
    stopProcessesNaming(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    removed.push(dir);
  }
  return removed;
}

function ownerOf(dir: string): number | undefined {
  try {
    if (statSync(dir).uid !== process.getuid?.()) return undefined;
    const { pid } = JSON.parse(readFileSync(join(dir, ownerFile), 'utf8')) as { pid?: unknown };
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Stops processes whose command line names the folder (Linux /proc; elsewhere nothing can be proven). */
function stopProcessesNaming(dir: string): void {
  for (const entry of safeList('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(join('/proc', entry, 'cmdline'), 'utf8').split('\0');
      if (argv.some((arg) => arg.startsWith(`${dir}/`))) process.kill(Number(entry), 'SIGTERM');
    } catch {
      // Gone already, or not ours to read.
    }
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
