import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { auditingListener } from '../../flows/audit.js';
import { fleetMemoryPath, loadFleetMemory, saveFleetMemory } from '../../source/fleet/memory-file.js';
import type { FleetMemory } from '../../source/fleet/types.js';
import { appendAudit, auditLogPath } from '../../source/store/audit-log.js';
import { fileCheckpointStore } from '../../source/store/checkpoints.js';
import { loadHostExtras, rememberIdentity, saveHostExtras } from '../../source/store/host-extras.js';
import { stateDir } from '../../source/store/paths.js';

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

/** What a technician or a crash might leave in a state file. */
const spoiled = {
  'not JSON': '{"clinic1": {"identityFile": "/k"',
  empty: '',
  null: 'null',
  'an array': '[1, 2]',
  'a string': '"hosts"',
  'a wrong shape': '{"clinic1": {"identityFile": 42}, "version": "two"}',
};

describe('host extras (hosts.json)', () => {
  it('keeps an identity-file path per clinic in a 0600 file and forgets it on request', async () => {
    const dir = tempDir();
    await saveHostExtras('clinic1', { identityFile: '/home/t/.ssh/clinic1' }, dir);
    await saveHostExtras('clinic2', { identityFile: '/home/t/.ssh/clinic2' }, dir);
    expect(await loadHostExtras('clinic1', dir)).toEqual({ identityFile: '/home/t/.ssh/clinic1' });
    expect(statSync(join(dir, 'hosts.json')).mode & 0o777).toBe(0o600);
    await saveHostExtras('clinic1', undefined, dir);
    expect(await loadHostExtras('clinic1', dir)).toBeUndefined();
    expect(await loadHostExtras('clinic2', dir)).toEqual({ identityFile: '/home/t/.ssh/clinic2' });
    expect(readdirSync(dir)).toEqual(['hosts.json']);
  });

  it('reads a hosts.json written before, and remembers a relative key path as an absolute one', async () => {
    const dir = tempDir();
    const before = { 'clinic-a': { identityFile: '~/.ssh/clinic-a' }, 'clinic.b': {} };
    writeFileSync(join(dir, 'hosts.json'), `${JSON.stringify(before, null, 2)}\n`, { mode: 0o600 });
    expect(await rememberIdentity('clinic-a', undefined, dir)).toBe('~/.ssh/clinic-a');
    // A dot in a key is a key, not a path into the object.
    expect(await loadHostExtras('clinic.b', dir)).toEqual({});
    expect(await rememberIdentity('clinic-c', 'keys/c', dir)).toBe('keys/c');
    expect(JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8'))).toEqual({
      ...before,
      'clinic-c': { identityFile: join(process.cwd(), 'keys/c') },
    });
  });

  it('reads a missing hosts.json without creating it (a dry run leaves no file)', async () => {
    const dir = tempDir();
    expect(await loadHostExtras('clinic1', dir)).toBeUndefined();
    expect(existsSync(join(dir, 'hosts.json'))).toBe(false);
  });

  it.each(Object.entries(spoiled))(
    'reads a hosts.json that is %s as empty and replaces it on save',
    async (_, text) => {
      const dir = tempDir();
      writeFileSync(join(dir, 'hosts.json'), text);
      expect(await loadHostExtras('clinic1', dir)).toBeUndefined();
      expect(await rememberIdentity('clinic1', undefined, dir)).toBeUndefined();
      await saveHostExtras('clinic2', { identityFile: '/k2' }, dir);
      expect(JSON.parse(readFileSync(join(dir, 'hosts.json'), 'utf8'))).toEqual({
        clinic2: { identityFile: '/k2' },
      });
    },
  );
});

describe('fleet memory (fleet-memory.json)', () => {
  const memory: FleetMemory = {
    version: 1,
    clinics: {
      clinic1: {
        name: 'Clinic One',
        credentialIds: ['cr_1'],
        lastSeen: '2025-01-01T00:00:00.000Z',
        endpoints: [{ name: 'ehr', internalUrl: 'https://ehr.clinic1.internal' }],
      },
      clinic2: { credentialIds: [], downSince: '2025-01-02T00:00:00.000Z', endpoints: [] },
    },
  };

  it('saves the whole memory in one 0600 file and loads it back', async () => {
    const path = fleetMemoryPath(tempDir());
    expect(await loadFleetMemory(path)).toEqual({ version: 1, clinics: {} });
    await saveFleetMemory(memory, path);
    expect(await loadFleetMemory(path)).toEqual(memory);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dirname(path))).toEqual(['fleet-memory.json']);
  });

  it('reads a memory file written before, filling in the lists it left out', async () => {
    const path = fleetMemoryPath(tempDir());
    const before = {
      version: 1,
      clinics: { clinic1: { name: 'Clinic One', lastSeen: '2025-01-01T00:00:00.000Z' } },
    };
    writeFileSync(path, JSON.stringify(before, null, 2), { mode: 0o600 });
    expect(await loadFleetMemory(path)).toEqual({
      version: 1,
      clinics: { clinic1: { ...before.clinics.clinic1, credentialIds: [], endpoints: [] } },
    });
  });

  it.each(Object.entries(spoiled))('starts empty from a memory file that is %s', async (_, text) => {
    const path = fleetMemoryPath(tempDir());
    writeFileSync(path, text);
    expect(await loadFleetMemory(path)).toEqual({ version: 1, clinics: {} });
    await saveFleetMemory(memory, path);
    expect(await loadFleetMemory(path)).toEqual(memory);
  });

  it('starts empty when the memory file cannot be read at all, and says why on save', async () => {
    const path = fleetMemoryPath(tempDir());
    mkdirSync(path);
    expect(await loadFleetMemory(path)).toEqual({ version: 1, clinics: {} });
    await expect(saveFleetMemory(memory, path)).rejects.toThrow(/EISDIR|directory/);
  });

  it('reads a file spoiled while the process runs as empty', async () => {
    const path = fleetMemoryPath(tempDir());
    await saveFleetMemory(memory, path);
    writeFileSync(path, '{"version": 1, "clinics": ');
    expect(await loadFleetMemory(path)).toEqual({ version: 1, clinics: {} });
  });
});

describe('state directory', () => {
  it('is CLINIC_TUI_HOME when set, else the per-OS directory conf chooses for clinic-tui', () => {
    expect(stateDir({ CLINIC_TUI_HOME: '/srv/state' })).toBe('/srv/state');
    const configHome = tempDir();
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = configHome;
    try {
      const conf = new Conf({ projectName: 'clinic-tui' });
      expect(stateDir({})).toBe(dirname(conf.path));
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
    }
  });
});
