import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../source/errors.js';
import { appendAudit } from '../../source/store/audit-log.js';
import { fileCheckpointStore } from '../../source/store/checkpoints.js';
import { deadPid, scratchDirs } from '../helpers/scratch.js';

const scratch = scratchDirs('store-leaks-');

const entry = { clinic: 'clinic1', action: 'onboard.create', resource: 'cr_1', result: 'ok' as const };

describe('local state leaks nothing', () => {
  it('the audit log is made 0600 even when it was wider before', () => {
    const path = join(scratch(), 'audit.log');
    writeFileSync(path, '');
    chmodSync(path, 0o666);
    appendAudit([entry], path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject(entry);
  });

  it('the audit log is never written through a symbolic link', () => {
    const dir = scratch();
    const target = join(dir, 'passwd');
    writeFileSync(target, 'root:x:0:0\n');
    symlinkSync(target, join(dir, 'audit.log'));
    expect(() => appendAudit([entry], join(dir, 'audit.log'))).toThrow(UserError);
    expect(readFileSync(target, 'utf8')).toBe('root:x:0:0\n');
  });

  it("a killed run's checkpoint temp file is removed by the next save; a live writer's is kept", async () => {
    const dir = scratch();
    writeFileSync(join(dir, `.${await deadPid()}-a1b2c3.tmp`), '{"half":');
    writeFileSync(join(dir, `.${process.pid}-d4e5f6.tmp`), '{"in progress":');
    const store = fileCheckpointStore(dir);
    await store.save('clinic1.onboard', { flow: 'onboard', fingerprint: 'f', done: ['a'], updatedAt: 'now' });
    expect(readdirSync(dir).sort()).toEqual([`.${process.pid}-d4e5f6.tmp`, 'clinic1.onboard.json']);
  });
});
