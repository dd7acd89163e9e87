import { afterEach, describe, expect, it } from 'vitest';
import { NgrokClient } from '../../source/ngrok/client.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { type OnboardWorld, offboardInProcess, onboardInProcess, startWorld } from './fixture.js';

/** The API as anyone holding the key uses it (https://ngrok.com/docs/api-reference/credentials/update). */
async function patch(world: OnboardWorld, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${world.emulator.url}${path}`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${world.apiKey}`,
      'ngrok-version': '2',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  await response.body?.cancel();
}

describe("clinic1's runs and another clinic whose records name clinic1", { timeout: 240_000 }, () => {
  let world: OnboardWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it("onboarding reruns and offboarding delete none of clinic3's user and authtoken", async () => {
    world = await startWorld();
    const { state } = world.emulator;
    expect((await onboardInProcess(world)).summary.result).toBe('converged');
    const api = new NgrokClient({ apiKey: world.apiKey, baseUrl: world.emulator.url });
    const user = await api.serviceUsers.create({ name: 'clinic-tui/clinic3' });
    const other = await api.credentials.create({
      owner_id: user.id,
      acl: ['bind:*.clinic3.internal'],
      description: 'clinic3 agent',
      metadata: formatTag({ role: 'agent-credential', clinic: 'clinic3', generation: 1 }),
    });
    const survives = () => {
      expect(state.credentials.find(other.id)).toBeDefined();
      expect(state.serviceUsers.find(user.id)).toBeDefined();
    };

    // Its metadata names clinic1: the orphans step would take it for an authtoken no host holds.
    await patch(world, `/credentials/${other.id}`, {
      metadata: JSON.stringify({ clinic_tui: 1, role: 'agent-credential', clinic: 'clinic1', generation: 1 }),
    });
    const plan = await onboardInProcess(world, { dryRun: true });
    const planned = plan.result.plans.flatMap((step) => step.changes);
    expect(planned).toContainEqual(expect.objectContaining({ kind: 'none', id: other.id }));
    expect(planned.filter((change) => change.kind === 'delete')).toEqual([]);
    const rerun = await onboardInProcess(world);
    expect(rerun.summary.result, rerun.lines.join('\n')).toBe('converged');
    expect(rerun.summary.deleted).toEqual([]);
    survives();

    // Its user is renamed too: the duplicates step would take it for a second clinic-tui/clinic1.
    await patch(world, `/service_users/${user.id}`, { name: 'clinic-tui/clinic1' });
    const again = await onboardInProcess(world);
    expect(again.summary.result, again.lines.join('\n')).toBe('converged');
    expect(again.summary.deleted).toEqual([]);
    survives();

    const offboard = await offboardInProcess(world);
    expect(offboard.summary.result, offboard.lines.join('\n')).toBe('converged');
    survives();
    expect(state.credentials.all().map((credential) => credential.id)).toEqual([other.id]);
    expect(state.serviceUsers.all().map((one) => one.id)).toEqual([user.id]);
  });
  it('offboarding leaves every authtoken of a renamed user of another clinic, an untagged one included', async () => {
    world = await startWorld();
    const { state } = world.emulator;
    expect((await onboardInProcess(world)).summary.result).toBe('converged');
    const api = new NgrokClient({ apiKey: world.apiKey, baseUrl: world.emulator.url });
    const user = await api.serviceUsers.create({ name: 'clinic-tui/clinic3' });
    const tagged = await api.credentials.create({
      owner_id: user.id,
      acl: ['bind:*.clinic3.internal'],
      metadata: formatTag({ role: 'agent-credential', clinic: 'clinic3', generation: 1 }),
    });
    // Neither tag nor ACL names anyone: only its owner tells it is clinic3's.
    const untagged = await api.credentials.create({ owner_id: user.id, acl: [] });
    await patch(world, `/service_users/${user.id}`, { name: 'clinic-tui/clinic1' });

    const offboard = await offboardInProcess(world);
    expect(offboard.summary.result, offboard.lines.join('\n')).toBe('converged');
    expect(
      state.credentials
        .all()
        .map((credential) => credential.id)
        .sort(),
    ).toEqual([tagged.id, untagged.id].sort());
    expect(state.serviceUsers.all().map((one) => one.id)).toEqual([user.id]);
  });
});
