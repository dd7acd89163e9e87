import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateAll, rotatedElsewhere } from '../../flows/rotate/fleet.js';
import { rotateClinic } from '../../flows/rotate/run.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { lockClinic } from '../../source/store/clinic-lock.js';
import { scratchDirs } from '../helpers/scratch.js';
import { hostFile, onboardSandboxClinic, type SandboxClinic } from './rotate-fixture.js';

const stateDir = scratchDirs('rotate-all-lock-');

// `rotate --all` takes each clinic's lock while it rotates it, as `rotate <id>` does: a clinic another run is
// changing (an onboarding here) is skipped, named with that run, and left exactly as it was.
describe('rotate --all and a clinic another run holds', () => {
  let clinic: SandboxClinic;
  beforeAll(async () => {
    clinic = await onboardSandboxClinic({ pooled: false });
    // A second clinic, onboarded later by an older tool: its credential carries no host record.
    const user = await clinic.client.serviceUsers.create({ name: 'clinic-tui/clinic2' });
    const later = await clinic.client.credentials.create({
      owner_id: user.id,
      acl: ['bind:*.clinic2.internal'],
      metadata: formatTag({ role: 'agent-credential', clinic: 'clinic2', generation: 1 }),
    });
    // Made within the same second as clinic1's: dated after it, so clinic1 comes first (the canary).
    clinic.emulator.state.credentials.get(later.id).created_at = '2099-01-01T00:00:00Z';
  }, 60_000);
  afterAll(() => clinic?.close());

  it('skips the held clinic with who holds it, changes nothing of it, and takes the next clinic as canary', async () => {
    const dir = stateDir();
    const onboarding = lockClinic('clinic1', 'clinic-tui onboard --answers clinic1.yml', dir);
    const configBefore = hostFile(clinic, clinic.spec.host.config_path);
    const credentialsBefore = clinic.emulator.state.credentials.all().map((c) => c.id);

    const outcomes = await rotateAll(clinic.deps(), {
      concurrency: 2,
      canary: 1,
      signal: new AbortController().signal,
      listenerFor: () => () => undefined,
      lock: (id) => lockClinic(id, 'clinic-tui rotate --all', dir),
    });

    expect(outcomes.map((o) => [o.clinic, o.result])).toEqual([
      ['clinic1', 'skipped'],
      ['clinic2', 'skipped'],
    ]);
    expect(outcomes[0]?.error?.message).toContain(
      `clinic1 is being changed by another run: pid ${process.pid} (clinic-tui onboard --answers clinic1.yml)`,
    );
    // clinic2 was tried (the canary after the held one), not stopped for clinic1's sake.
    expect(outcomes[1]?.error?.message).toContain('no host record');
    expect(clinic.emulator.state.credentials.all().map((c) => c.id)).toEqual(credentialsBefore);
    expect(hostFile(clinic, clinic.spec.host.config_path)).toBe(configBefore);
    // The onboarding's lock is still its own; clinic2's was let go.
    const lock = JSON.parse(readFileSync(join(dir, 'locks', 'clinic1.lock'), 'utf8'));
    expect(lock.command).toBe('clinic-tui onboard --answers clinic1.yml');
    expect(existsSync(join(dir, 'locks', 'clinic2.lock'))).toBe(false);
    onboarding.release();
  }, 60_000);

  it('rotates the clinic once it is free, holding its lock only while it rotates', async () => {
    const dir = stateDir();
    const held: boolean[] = [];
    const outcomes = await rotateAll(clinic.deps(), {
      concurrency: 1,
      canary: 0,
      signal: new AbortController().signal,
      listenerFor: (id) => (event) => {
        if (id === 'clinic1' && event.type === 'step:start')
          held.push(existsSync(join(dir, 'locks', 'clinic1.lock')));
      },
      lock: (id) => lockClinic(id, 'clinic-tui rotate --all', dir),
    });
    expect(outcomes.find((o) => o.clinic === 'clinic1')).toMatchObject({
      result: 'rotated',
      old_credential: clinic.oldCredentialId,
    });
    expect(held.length).toBeGreaterThan(0);
    expect(held.every(Boolean)).toBe(true);
    expect(existsSync(join(dir, 'locks', 'clinic1.lock'))).toBe(false);
  }, 60_000);

  it('skips, as done, a clinic another run rotated after this run listed it (no second rotation)', async () => {
    const dir = stateDir();
    const deps = clinic.deps();
    const { credentials } = clinic.client;
    let theirs: string | null = null;
    // The other run rotates clinic1 just after this run first listed the credentials (and lets go of the lock).
    const racing = {
      ...credentials,
      list: (options?: { filter?: string }) =>
        (async function* () {
          const listed = [];
          for await (const credential of credentials.list(options)) listed.push(credential);
          if (theirs) return yield* listed;
          const other = await rotateClinic(clinic.deps(), {
            clinic: 'clinic1',
            listener: () => undefined,
            signal: new AbortController().signal,
          });
          theirs = other.new_credential;
          yield* listed;
        })(),
    };
    const outcomes = await rotateAll(
      { ...deps, api: { ...clinic.client, credentials: racing } },
      {
        concurrency: 1,
        canary: 1,
        signal: new AbortController().signal,
        listenerFor: () => () => undefined,
        lock: (id) => lockClinic(id, 'clinic-tui rotate --all', dir),
      },
    );
    expect(theirs).not.toBeNull();
    expect(outcomes.find((o) => o.clinic === 'clinic1')).toMatchObject({
      result: 'skipped',
      error: { message: rotatedElsewhere },
    });
    // Not rotated a second time: the other run's credential is clinic1's only one.
    const clinic1 = clinic.emulator.state.credentials
      .all()
      .filter((c) => String(c.metadata).includes('"clinic1"'));
    expect(clinic1.map((c) => c.id)).toEqual([theirs]);
  }, 60_000);

  it('rotates a clinic whose listed newest credential was deleted meanwhile with no newer one in its place', async () => {
    const dir = stateDir();
    // Listed as clinic1's newest: another user's credential whose tag names clinic1 (edited, or an orphan).
    const stranger = await clinic.client.serviceUsers.create({ name: 'someone else' });
    const stray = await clinic.client.credentials.create({
      owner_id: stranger.id,
      acl: [],
      metadata: formatTag({ role: 'agent-credential', clinic: 'clinic1', generation: 50 }),
    });
    const [running] = clinic.emulator.state.credentials
      .all()
      .filter((c) => c.id !== stray.id && String(c.metadata).includes('"clinic1"'));
    const { credentials } = clinic.client;
    let deleted = false;
    // Someone deletes that credential just after this run listed the credentials.
    const deleting = {
      ...credentials,
      list: (options?: { filter?: string }) =>
        (async function* () {
          const listed = [];
          for await (const credential of credentials.list(options)) listed.push(credential);
          if (!deleted) await credentials.delete(stray.id);
          deleted = true;
          yield* listed;
        })(),
    };
    const outcomes = await rotateAll(
      { ...clinic.deps(), api: { ...clinic.client, credentials: deleting } },
      {
        concurrency: 1,
        canary: 1,
        signal: new AbortController().signal,
        listenerFor: () => () => undefined,
        lock: (id) => lockClinic(id, 'clinic-tui rotate --all', dir),
      },
    );
    expect(outcomes.find((o) => o.clinic === 'clinic1')).toMatchObject({
      result: 'rotated',
      old_credential: running?.id,
    });
    expect(clinic.emulator.state.credentials.find(String(running?.id))).toBeUndefined();
  }, 60_000);
});
