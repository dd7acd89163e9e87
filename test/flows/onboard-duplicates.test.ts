import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatTag, serviceUserName } from '../../source/ngrok/tags.js';
import { callRoute } from '../../source/sandbox/emulator/seed.js';
import type { EmulatorState } from '../../source/sandbox/emulator/state.js';
import { type OnboardWorld, offboardInProcess, onboardInProcess, startWorld } from './fixture.js';

const longAgo = '2020-01-01T00:00:00Z';

/** How many of each resource the clinic has (cloud endpoints only: the agent's own come and go with it). */
function clinicCounts(state: EmulatorState) {
  return {
    serviceUsers: state.serviceUsers.size,
    credentials: state.credentials.size,
    reservedDomains: state.reservedDomains.size,
    reservedAddrs: state.reservedAddrs.size,
    cloudEndpoints: state.endpoints.all().filter((endpoint) => endpoint.type === 'cloud').length,
  };
}

/** The guide's clinic: one reserved TCP address per public tcp service (operations-db and patient-db). */
const oneOfEach = {
  serviceUsers: 1,
  credentials: 1,
  reservedDomains: 1,
  reservedAddrs: 2,
  cloudEndpoints: 3,
};

/** The reserved addresses of the clinic's operations-db, the service the racing run reserved one for. */
function operationsAddrs(state: EmulatorState) {
  return state.reservedAddrs.all().filter((addr) => String(addr.metadata).includes('"operations-db"'));
}

/**
 * What a second run racing the first one leaves in the account: its own service user, reserved address, cloud
 * endpoint on that address and authtoken (which no host holds: the first run pushed last). Made older than the
 * first run's, so the rerun keeps these and must move the host to a new authtoken of the kept user.
 */
function seedRacingRun(state: EmulatorState) {
  const user = callRoute(state, 'POST', '/service_users', { name: serviceUserName('clinic1'), active: true });
  const addr = callRoute(state, 'POST', '/reserved_addrs', {
    description: 'clinic-tui: clinic1 operations-db',
    metadata: formatTag({ clinic: 'clinic1', role: 'reserved-addr', service: 'operations-db' }),
  });
  const tcp = state.endpoints
    .all()
    .find((endpoint) => endpoint.type === 'cloud' && String(endpoint.metadata).includes('"operations-db"'))!;
  const endpoint = callRoute(state, 'POST', '/endpoints', {
    type: 'cloud',
    url: `tcp://${addr.addr}`,
    traffic_policy: tcp.traffic_policy,
    description: tcp.description,
    metadata: tcp.metadata,
  });
  const credential = callRoute(state, 'POST', '/credentials', {
    description: 'clinic-tui: Clinic 1 agent',
    metadata: formatTag({ clinic: 'clinic1', role: 'agent-credential' }),
    acl: ['bind:*.clinic1.internal'],
    owner_id: user.id,
  });
  for (const [collection, item] of [
    [state.serviceUsers, user],
    [state.reservedAddrs, addr],
    [state.endpoints, endpoint],
    [state.credentials, credential],
  ] as const) {
    item.created_at = longAgo;
    collection.touch();
  }
  return { user, addr, endpoint, credential };
}

function heldCredentialId(world: OnboardWorld): string {
  const config = parse(readFileSync(join(world.host.root, 'etc/ngrok/ngrok.yml'), 'utf8'));
  return JSON.parse(config.agent.metadata).credential;
}

describe('duplicates a race leaves behind', { timeout: 240_000 }, () => {
  let world: OnboardWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('are planned as deletes, one rerun keeps the oldest of each, and offboarding removes every one', async () => {
    world = await startWorld();
    const { state } = world.emulator;
    expect((await onboardInProcess(world)).summary.result).toBe('converged');
    const first = {
      user: state.serviceUsers.all()[0]!,
      addr: operationsAddrs(state)[0]!,
      tcpEndpoint: state.endpoints
        .all()
        .find((e) => e.type === 'cloud' && String(e.url) === `tcp://${operationsAddrs(state)[0]!.addr}`)!,
      credential: state.credentials.all()[0]!,
    };
    const racer = seedRacingRun(state);
    expect(clinicCounts(state)).toEqual({
      ...oneOfEach,
      serviceUsers: 2,
      credentials: 2,
      reservedAddrs: 3,
      cloudEndpoints: 4,
    });

    const dry = await onboardInProcess(world, { dryRun: true });
    const planned = dry.result.plans.flatMap((plan) => plan.changes);
    const plannedDeletes = planned.filter((change) => change.kind === 'delete').map((change) => change.id);
    expect([...plannedDeletes].sort()).toEqual(
      [first.user.id, first.addr.id, first.tcpEndpoint.id, first.credential.id, racer.credential.id].sort(),
    );

    const { summary, lines } = await onboardInProcess(world);
    expect(summary.result, lines.join('\n')).toBe('converged');
    expect(clinicCounts(state)).toEqual(oneOfEach);
    // The oldest of each is kept; the host now holds a new authtoken of the kept user.
    expect(state.serviceUsers.all()[0]!.id).toBe(racer.user.id);
    expect(operationsAddrs(state).map((addr) => addr.id)).toEqual([racer.addr.id]);
    expect(state.endpoints.find(racer.endpoint.id)).toBeDefined();
    const [credential] = state.credentials.all();
    expect(credential!.owner_id).toBe(racer.user.id);
    expect(heldCredentialId(world)).toBe(credential!.id);
    expect([...summary.deleted].sort()).toEqual([...plannedDeletes].sort());
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ result: 'converged', deleted: summary.deleted });

    const again = await onboardInProcess(world);
    expect([again.summary.created, again.summary.deleted]).toEqual([[], []]);

    seedRacingRun(state);
    const offboard = await offboardInProcess(world);
    expect(offboard.summary.result, offboard.lines.join('\n')).toBe('converged');
    expect(clinicCounts(state)).toEqual({
      ...oneOfEach,
      serviceUsers: 0,
      credentials: 0,
      reservedAddrs: 0,
      cloudEndpoints: 0,
    });
  });

  it('two laptops onboarding one clinic at once end, after one rerun, with one of each', async () => {
    world = await startWorld();
    const { state } = world.emulator;
    const laptops = [world, { ...world, stateDir: join(world.stateDir, '..', 'laptop2') }];
    // Both plans read the account before either run creates anything, so both create.
    await Promise.allSettled(laptops.map((laptop) => onboardInProcess(laptop)));
    const afterRace = clinicCounts(state);
    expect(afterRace.serviceUsers + afterRace.reservedAddrs).toBeGreaterThan(2);

    const { summary, lines } = await onboardInProcess(world);
    const afterRerun = clinicCounts(state);
    expect(summary.result, lines.join('\n')).toBe('converged');
    expect(afterRerun).toEqual(oneOfEach);
    expect(heldCredentialId(world)).toBe(state.credentials.all()[0]!.id);
  });
});
