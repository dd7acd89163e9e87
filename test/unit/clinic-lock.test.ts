import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../source/errors.js';
import { lockClinic } from '../../source/store/clinic-lock.js';
import { deadPid, scratchDirs } from '../helpers/scratch.js';

const stateDir = scratchDirs('lock-');
const lockModule = pathToFileURL(join(import.meta.dirname, '../../source/store/clinic-lock.ts')).href;

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

// `rotate --all --concurrency` holds up to 64 clinics at once; Node warns past 10 listeners of one event.
describe('many clinics held at once', () => {
  it('20 locks held together print no MaxListenersExceededWarning, and each releases', async () => {
    const dir = stateDir();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const locks = Array.from({ length: 20 }, (_, index) => lockClinic(`clinic${index}`, 'rotate', dir));
      // Node emits the warning on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      for (const lock of locks) lock.release();
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
    expect(readdirSync(join(dir, 'locks'))).toEqual([]);
  });

  it('a process that exits holding 20 locks leaves none behind', () => {
    const dir = stateDir();
    const script = [
      `import { lockClinic } from ${JSON.stringify(lockModule)};`,
      `for (let i = 0; i < 20; i++) lockClinic('clinic' + i, 'rotate', ${JSON.stringify(dir)});`,
      'process.exit(0);',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).toBe(0);
    expect(readdirSync(join(dir, 'locks'))).toEqual([]);
  });
});
