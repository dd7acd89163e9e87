import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../source/errors.js';
import { lockClinic } from '../../source/store/clinic-lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  dirs.push(dir);
  return dir;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('one run per clinic on this laptop', () => {
  it('a second run is refused, naming the run that holds the clinic; after release it may go', () => {
    const dir = stateDir();
    const first = lockClinic('clinic1', 'clinic-tui onboard --answers a.yml', dir);
    let refusal: unknown;
    try {
      lockClinic('clinic1', 'clinic-tui rotate clinic1', dir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(UserError);
    expect((refusal as Error).message).toContain(`pid ${process.pid} (clinic-tui onboard --answers a.yml)`);
    // Another clinic is not held up.
    lockClinic('clinic2', 'clinic-tui onboard', dir).release();
    first.release();
    expect(existsSync(join(dir, 'locks', 'clinic1.lock'))).toBe(false);
    lockClinic('clinic1', 'clinic-tui rotate clinic1', dir).release();
  });

  it('takes over a stale lock whose process is gone, and an unreadable one', async () => {
    const dir = stateDir();
    mkdirSync(join(dir, 'locks'));
    const path = join(dir, 'locks', 'clinic1.lock');
    // A stale lock from this machine: its process is gone.
    const stale = { pid: await deadPid(), command: 'clinic-tui onboard', since: 'x', host: hostname() };
    writeFileSync(path, JSON.stringify(stale));
    lockClinic('clinic1', 'clinic-tui onboard', dir).release();
    writeFileSync(path, '{"pid":');
    lockClinic('clinic1', 'clinic-tui onboard', dir).release();
  });

  it('a lock taken on another machine (a shared home) is never assumed stale', async () => {
    const dir = stateDir();
    mkdirSync(join(dir, 'locks'));
    writeFileSync(
      join(dir, 'locks', 'clinic1.lock'),
      JSON.stringify({
        pid: await deadPid(),
        command: 'clinic-tui offboard clinic1',
        since: 'x',
        host: 'other-laptop',
      }),
    );
    expect(() => lockClinic('clinic1', 'clinic-tui onboard', dir)).toThrow(/clinic-tui offboard clinic1/);
  });
});
