import { afterEach, describe, expect, it } from 'vitest';
import { rotateClinic } from '../../flows/rotate/run.js';
import type { RotateApi } from '../../flows/rotate/types.js';
import type { StepPlan } from '../../flows/runner.js';
import type { Change } from '../../flows/step.js';
import { formatClinicRecord, readClinicRecord } from '../../source/clinic-record/record.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { onboardSandboxClinic, type SandboxClinic } from './rotate-fixture.js';

/**
 * The account is shared state: anyone with the API key edits metadata and ACLs
 * (https://ngrok.com/docs/api-reference/credentials/update). A rotation of clinic1 must never delete or weaken
 * anything of another clinic, whatever the records say.
 */
describe('rotating a clinic in an account whose records were edited', { timeout: 60_000 }, () => {
  let clinic: SandboxClinic | undefined;
  afterEach(async () => {
    await clinic?.close();
    clinic = undefined;
  });

  /** Another clinic's service user and authtoken, as onboarding makes them. */
  async function clinic3(sandbox: SandboxClinic) {
    const user = await sandbox.client.serviceUsers.create({ name: 'clinic-tui/clinic3' });
    return sandbox.client.credentials.create({
      owner_id: user.id,
      acl: ['bind:*.clinic3.internal'],
      description: 'clinic3 agent',
      metadata: formatTag({ role: 'agent-credential', clinic: 'clinic3', generation: 1 }),
    });
  }

  /** Rotates clinic1; returns the outcome, every change the confirmation was shown and every change made. */
  async function rotate(sandbox: SandboxClinic, api?: RotateApi) {
    let shown: StepPlan[] = [];
    const done: Change[] = [];
    const outcome = await rotateClinic(sandbox.deps(api ? { api } : {}), {
      clinic: 'clinic1',
      listener: (event) => {
        if (event.type === 'change') done.push(event.change);
      },
      signal: new AbortController().signal,
      confirm: async (plans) => {
        shown = plans;
        return true;
      },
    });
    return { outcome, changes: shown.flatMap((plan) => plan.changes), done };
  }

  it("keeps another clinic's authtoken whose metadata was edited to name this clinic", async () => {
    clinic = await onboardSandboxClinic({ pooled: false });
    const other = await clinic3(clinic);
    await clinic.client.credentials.update(other.id, {
      metadata: JSON.stringify({ clinic_tui: 1, role: 'agent-credential', clinic: 'clinic1', generation: 1 }),
    });
    const { outcome, changes, done } = await rotate(clinic);
    expect(outcome).toMatchObject({ result: 'rotated', old_credential: clinic.oldCredentialId });
    expect(clinic.emulator.state.credentials.find(other.id)).toBeDefined();
    // Reported in the plan, and again as the run goes (a run confirmed by --yes shows no plan).
    expect(done).toContainEqual(expect.objectContaining({ kind: 'none', id: other.id }));
    expect(changes).toContainEqual(
      expect.objectContaining({
        kind: 'none',
        id: other.id,
        subject: expect.stringContaining('names clinic3'),
      }),
    );
    expect(changes.filter((change) => change.kind === 'delete').map((change) => change.id)).toEqual([
      clinic.oldCredentialId,
    ]);
  });

  it("replaces only the credential the host names, never another clinic's carrying this clinic's record", async () => {
    clinic = await onboardSandboxClinic({ pooled: false });
    const real = await clinic.client.credentials.get(clinic.oldCredentialId);
    const other = await clinic3(clinic);
    // The real credential's tag wiped; clinic3's made to look like clinic1's newest, with its ACL and record.
    await clinic.client.credentials.update(real.id, { metadata: '{}' });
    await clinic.client.credentials.update(other.id, {
      acl: ['bind:*.clinic1.internal'],
      metadata: formatClinicRecord({ ...readClinicRecord(real.metadata)!, generation: 5 }),
    });
    const { outcome, changes } = await rotate(clinic);
    expect(outcome).toMatchObject({ result: 'rotated', old_credential: real.id });
    const credentials = clinic.emulator.state.credentials;
    expect(credentials.find(real.id)).toBeUndefined();
    expect(credentials.find(other.id)).toBeDefined();
    expect(credentials.find(String(outcome.new_credential))?.owner_id).toBe(real.owner_id);
    expect(changes.filter((change) => change.kind === 'delete').map((change) => change.id)).toEqual([
      real.id,
    ]);
  });

  it('gives the new authtoken the clinic ACL, not an emptied one copied from the old', async () => {
    clinic = await onboardSandboxClinic({ pooled: false });
    await clinic.client.credentials.update(clinic.oldCredentialId, { acl: [] });
    const { outcome } = await rotate(clinic);
    expect(outcome.result).toBe('rotated');
    const made = clinic.emulator.state.credentials.find(String(outcome.new_credential));
    expect(made?.acl).toEqual(['bind:*.clinic1.internal']);
  });

  it('deletes a create whose answer was lost (its token with it) and creates again, then rotates', async () => {
    clinic = await onboardSandboxClinic({ pooled: false });
    const api = clinic.client;
    let lost: string | undefined;
    const lossy: RotateApi = {
      endpoints: api.endpoints,
      tunnelSessions: api.tunnelSessions,
      credentials: Object.assign(Object.create(api.credentials), {
        create: async (body: Parameters<typeof api.credentials.create>[0]) => {
          const made = await api.credentials.create(body);
          if (lost) return made;
          lost = made.id;
          throw new NgrokApiError({ message: 'timed out', status: 504, maybeCreated: true });
        },
      }),
    };
    const { outcome } = await rotate(clinic, lossy);
    expect(outcome.result).toBe('rotated');
    expect(lost).toBeDefined();
    expect(clinic.emulator.state.credentials.all().map((credential) => credential.id)).toEqual([
      outcome.new_credential,
    ]);
    expect(outcome.new_credential).not.toBe(lost);
  });

  it('fails instead of reading a session lookup that failed (5xx) as the session being gone', async () => {
    clinic = await onboardSandboxClinic({ pooled: false });
    const api = clinic.client;
    const failing: RotateApi = {
      endpoints: api.endpoints,
      credentials: api.credentials,
      tunnelSessions: Object.assign(Object.create(api.tunnelSessions), {
        get: async () => {
          throw new NgrokApiError({ message: 'unavailable', status: 503 });
        },
      }),
    };
    await expect(rotate(clinic, failing)).rejects.toMatchObject({ status: 503 });
    expect(clinic.emulator.state.credentials.all().map((credential) => credential.id)).toEqual([
      clinic.oldCredentialId,
    ]);
  });

  it('says a deleted old credential is deleted when confirming its sessions stopped fails (5xx)', async () => {
    clinic = await onboardSandboxClinic({ pooled: false });
    const api = clinic.client;
    const old = clinic.oldCredentialId;
    // Session lookups fail for good once the old credential is deleted, as when the client runs out of retries.
    const afterDelete: RotateApi = {
      endpoints: api.endpoints,
      credentials: api.credentials,
      tunnelSessions: Object.assign(Object.create(api.tunnelSessions), {
        get: async (id: string) => {
          if (!clinic?.emulator.state.credentials.find(old)) {
            throw new NgrokApiError({ message: 'unavailable', status: 503 });
          }
          return api.tunnelSessions.get(id);
        },
      }),
    };
    const { outcome } = await rotate(clinic, afterDelete);
    expect(clinic.emulator.state.credentials.find(old)).toBeUndefined();
    expect(outcome.result).toBe('failed');
    expect(outcome.error?.message).toContain(
      `old one (${old}) is deleted; could not confirm its sessions stopped`,
    );
    expect(outcome.error?.message).not.toContain('could not be removed');
    expect(outcome.error?.hint).not.toMatch(/^Delete/);
    expect(outcome.error?.hint).toContain('no longer works');
  });
});
