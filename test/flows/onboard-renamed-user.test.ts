import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatTag, serviceUserName } from '../../source/ngrok/tags.js';
import { callRoute } from '../../source/sandbox/emulator/seed.js';
import type { EmulatorState } from '../../source/sandbox/emulator/state.js';
import { type OnboardWorld, onboardInProcess, startWorld } from './fixture.js';

/**
 * Clinic2's service user and its authtoken, made long ago (so older than anything clinic1's runs make), then
 * renamed `clinic-tui/clinic1` as anyone with the API key can (https://ngrok.com/docs/api-reference/service-users).
 * The authtoken names clinic2 by its tag and ACL, or by its ACL alone.
 */
function seedRenamedClinic2User(state: EmulatorState, names: 'tag and ACL' | 'ACL only') {
  const user = callRoute(state, 'POST', '/service_users', { name: serviceUserName('clinic2'), active: true });
  const credential = callRoute(state, 'POST', '/credentials', {
    description: 'clinic-tui: Clinic 2 agent',
    metadata:
      names === 'tag and ACL'
        ? formatTag({ clinic: 'clinic2', role: 'agent-credential', generation: 1 })
        : '',
    acl: ['bind:*.clinic2.internal'],
    owner_id: user.id,
  });
  callRoute(state, 'PATCH', `/service_users/${user.id}`, { name: serviceUserName('clinic1') });
  user.created_at = '2020-01-01T00:00:00Z';
  state.serviceUsers.touch();
  return { userId: String(user.id), credentialId: String(credential.id) };
}

function heldCredentialId(world: OnboardWorld): string {
  const config = parse(readFileSync(join(world.host.root, 'etc/ngrok/ngrok.yml'), 'utf8'));
  return JSON.parse(config.agent.metadata).credential;
}

const ids = (items: { id: unknown }[]) => items.map((item) => String(item.id)).sort();

/** The plan's note on clinic2's user: kept, and why it is not clinic1's. */
function renamedUserNote(userId: string, credentialId: string) {
  return {
    kind: 'none',
    id: userId,
    subject: `keep service user ${userId} (named clinic-tui/clinic1 but owns clinic2's authtoken ${credentialId}): not clinic1's`,
  };
}

describe("another clinic's service user renamed clinic-tui/clinic1, older than clinic1's", {
  timeout: 240_000,
}, () => {
  let world: OnboardWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it("a rerun of clinic1 keeps clinic1's user and authtoken, deletes nothing of clinic2's and reports its user", async () => {
    world = await startWorld();
    const { state } = world.emulator;
    expect((await onboardInProcess(world)).summary.result).toBe('converged');
    const [ownUser] = state.serviceUsers.all();
    const [ownCredential] = state.credentials.all();
    const clinic2 = seedRenamedClinic2User(state, 'tag and ACL');

    const rerun = await onboardInProcess(world);
    expect(rerun.summary.result, rerun.lines.join('\n')).toBe('converged');
    const planned = rerun.result.plans.flatMap((plan) => plan.changes);
    expect(planned).toContainEqual(renamedUserNote(clinic2.userId, clinic2.credentialId));
    expect([rerun.summary.created, rerun.summary.deleted]).toEqual([[], []]);

    expect(ids(state.serviceUsers.all())).toEqual([ownUser!.id, clinic2.userId].sort());
    expect(state.serviceUsers.find(clinic2.userId)?.name).toBe('clinic-tui/clinic1');
    expect(ids(state.credentials.all())).toEqual([ownCredential!.id, clinic2.credentialId].sort());
    expect(state.credentials.find(String(ownCredential!.id))?.owner_id).toBe(ownUser!.id);
    expect(state.credentials.find(clinic2.credentialId)?.owner_id).toBe(clinic2.userId);
    expect(heldCredentialId(world)).toBe(ownCredential!.id);
  });

  it("a first onboarding of clinic1 creates clinic1's own user and owns its authtoken by it", async () => {
    world = await startWorld();
    const { state } = world.emulator;
    const clinic2 = seedRenamedClinic2User(state, 'ACL only');

    const run = await onboardInProcess(world);
    expect(run.summary.result, run.lines.join('\n')).toBe('converged');
    const planned = run.result.plans.flatMap((plan) => plan.changes);
    expect(planned).toContainEqual(
      expect.objectContaining({ kind: 'create', subject: 'service user clinic-tui/clinic1' }),
    );
    expect(planned).toContainEqual(renamedUserNote(clinic2.userId, clinic2.credentialId));
    expect(run.summary.deleted).toEqual([]);

    const own = state.serviceUsers.all().filter((user) => user.id !== clinic2.userId);
    expect(own.map((user) => user.name)).toEqual(['clinic-tui/clinic1']);
    const held = state.credentials.find(heldCredentialId(world));
    expect(held?.owner_id).toBe(own[0]!.id);
    expect(held?.acl).toEqual(['bind:*.clinic1.internal']);
    expect(ids(state.credentials.all())).toEqual([String(held!.id), clinic2.credentialId].sort());
    expect(state.credentials.find(clinic2.credentialId)?.owner_id).toBe(clinic2.userId);
  });
});

describe('on an account no one tampered with', { timeout: 240_000 }, () => {
  it('an onboarding and its rerun each list the service users and the credentials once', async () => {
    const world = await startWorld();
    try {
      const log = world.emulator.state.requestLog;
      for (const run of ['first', 'rerun']) {
        const from = log.length;
        expect((await onboardInProcess(world)).summary.result, run).toBe('converged');
        const lists = log.slice(from).filter((entry) => entry.method === 'GET');
        const paths = lists.map((entry) => entry.path);
        expect(
          [
            paths.filter((path) => path === '/service_users'),
            paths.filter((path) => path === '/credentials'),
          ],
          run,
        ).toEqual([['/service_users'], ['/credentials']]);
      }
    } finally {
      await world.close();
    }
  });
});
