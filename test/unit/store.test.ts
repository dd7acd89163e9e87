import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditingListener } from '../../flows/audit.js';
import { appendAudit, auditLogPath } from '../../source/store/audit-log.js';
import { fileCheckpointStore } from '../../source/store/checkpoints.js';
import { loadHostExtras, saveHostExtras } from '../../source/store/host-extras.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'store-test-'));

describe('checkpoints', () => {
  it('saves, loads and clears a checkpoint as a 0600 file and leaves no temp files', async () => {
    const dir = tempDir();
    const store = fileCheckpointStore(dir);
    const checkpoint = {
      flow: 'onboard',
      fingerprint: 'abc',
      done: ['cloud.service-user'],
      updatedAt: 'now',
    };
    await store.save('clinic1.onboard', checkpoint);
    expect(await store.load('clinic1.onboard')).toEqual(checkpoint);
    expect(statSync(join(dir, 'clinic1.onboard.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['clinic1.onboard.json']);
    await store.clear('clinic1.onboard');
    expect(await store.load('clinic1.onboard')).toBeUndefined();
  });

  it('treats a corrupt checkpoint as none and refuses keys that could escape the directory', async () => {
    const store = fileCheckpointStore(tempDir());
    expect(await store.load('clinic2.onboard')).toBeUndefined();
    await expect(store.load('../etc/passwd')).rejects.toThrow(/bad checkpoint key/);
  });
});

describe('audit log', () => {
  it('writes one JSON line per change with time, user@machine, clinic, action, resource and result', () => {
    const path = auditLogPath(tempDir());
    const listener = auditingListener(
      () => {},
      'clinic1',
      'onboard',
      (entries) => appendAudit(entries, path),
    );
    listener({ type: 'change', step: 's', change: { kind: 'create', subject: 'service user', id: 'bot_1' } });
    listener({ type: 'change', step: 's', change: { kind: 'reuse', subject: 'domain', id: 'rd_1' } });
    listener({ type: 'step:fail', step: 'host.push', message: 'ssh refused' });
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      clinic: 'clinic1',
      action: 'onboard.create',
      resource: 'bot_1',
      result: 'ok',
    });
    expect(lines[0].user).toMatch(/.+@.+/);
    expect(Number.isNaN(Date.parse(lines[0].time))).toBe(false);
    expect(lines[1]).toMatchObject({ action: 'onboard.host.push', result: 'failed', detail: 'ssh refused' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('host extras', () => {
  it('keeps an identity-file path per clinic and forgets it on request', async () => {
    const dir = tempDir();
    await saveHostExtras('clinic1', { identityFile: '/home/t/.ssh/clinic1' }, dir);
    await saveHostExtras('clinic2', { identityFile: '/home/t/.ssh/clinic2' }, dir);
    expect(await loadHostExtras('clinic1', dir)).toEqual({ identityFile: '/home/t/.ssh/clinic1' });
    await saveHostExtras('clinic1', undefined, dir);
    expect(await loadHostExtras('clinic1', dir)).toBeUndefined();
    expect(await loadHostExtras('clinic2', dir)).toEqual({ identityFile: '/home/t/.ssh/clinic2' });
  });
});
