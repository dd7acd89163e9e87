import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTag } from '../../source/ngrok/tags.js';
import { callRoute } from '../../source/sandbox/emulator/seed.js';
import type { EmulatorState } from '../../source/sandbox/emulator/state.js';
import type { StoredObject } from '../../source/sandbox/emulator/store.js';
import { type OnboardWorld, offboardInProcess, onboardInProcess, startWorld } from './fixture.js';

/** clinic1's cloud endpoint for a service, as its onboarding made it. */
function clinic1Endpoint(state: EmulatorState, service: string): StoredObject {
  return state.endpoints
    .all()
    .find((endpoint) => endpoint.type === 'cloud' && String(endpoint.metadata).includes(`"${service}"`))!;
}

/** The same policy, forwarding to clinic2's internal endpoint instead of clinic1's. */
function forClinic2(policy: unknown): string {
  return String(policy).replaceAll('.clinic1.internal', '.clinic2.internal');
}

/**
 * clinic2's public endpoints in the same account, whose tags someone edited to name clinic1 (anyone with the API key
 * can: https://ngrok.com/docs/api-reference/endpoints/update): its https endpoint, and the reserved address of its
 * tcp endpoint (that endpoint's own tag still names clinic2).
 */
function seedRetaggedClinic2(state: EmulatorState) {
  const rest = clinic1Endpoint(state, 'rest-api');
  const ops = clinic1Endpoint(state, 'operations-db');
  const https = callRoute(state, 'POST', '/endpoints', {
    type: 'cloud',
    url: 'https://api-clinic2.clinic-network.com',
    traffic_policy: forClinic2(rest.traffic_policy),
    metadata: formatTag({ clinic: 'clinic1', role: 'cloud-endpoint', service: 'rest-api' }),
  });
  const addr = callRoute(state, 'POST', '/reserved_addrs', {
    metadata: formatTag({ clinic: 'clinic1', role: 'reserved-addr', service: 'operations-db' }),
  });
  const tcp = callRoute(state, 'POST', '/endpoints', {
    type: 'cloud',
    url: `tcp://${addr.addr}`,
    traffic_policy: forClinic2(ops.traffic_policy),
    metadata: formatTag({ clinic: 'clinic2', role: 'cloud-endpoint', service: 'operations-db' }),
  });
  return { https, addr, tcp };
}

describe("clinic2's endpoint and address retagged to name clinic1", { timeout: 240_000 }, () => {
  let world: OnboardWorld;
  let clinic2: ReturnType<typeof seedRetaggedClinic2>;
  beforeAll(async () => {
    world = await startWorld();
    const first = await onboardInProcess(world);
    expect(first.summary.result, first.lines.join('\n')).toBe('converged');
    clinic2 = seedRetaggedClinic2(world.emulator.state);
  });
  afterAll(() => world?.close());

  const survive = () => {
    const { state } = world.emulator;
    expect(state.endpoints.find(clinic2.https.id)).toBeDefined();
    expect(state.endpoints.find(clinic2.tcp.id)).toBeDefined();
    expect(state.reservedAddrs.find(clinic2.addr.id)).toBeDefined();
  };
  const keptNotes = (plans: { changes: { kind: string; subject: string; id?: string }[] }[]) =>
    plans
      .flatMap((plan) => plan.changes)
      .filter((change) => change.kind === 'none' && change.subject.startsWith('keep '));

  it("clinic1's rerun deletes neither, and says whose they are", async () => {
    const rerun = await onboardInProcess(world);
    expect(rerun.summary.result, rerun.lines.join('\n')).toBe('converged');
    expect(rerun.summary.deleted).toEqual([]);
    survive();
    expect(keptNotes(rerun.result.plans)).toEqual(
      expect.arrayContaining([
        {
          kind: 'none',
          id: clinic2.https.id,
          subject: `keep cloud endpoint ${clinic2.https.url}: its policy forwards to https://rest-api.clinic2.internal, not clinic1's`,
        },
        {
          kind: 'none',
          id: clinic2.addr.id,
          subject: `keep TCP address ${clinic2.addr.addr}: cloud endpoint ${clinic2.tcp.url} on it is clinic2's, not clinic1's`,
        },
      ]),
    );
  });

  it("offboarding clinic1 deletes clinic1's own and keeps clinic2's, saying why", async () => {
    const { state } = world.emulator;
    const own = state.endpoints
      .all()
      .filter(
        (endpoint) => endpoint.type === 'cloud' && ![clinic2.https.id, clinic2.tcp.id].includes(endpoint.id),
      );
    expect(own).toHaveLength(3);
    const offboard = await offboardInProcess(world);
    expect(offboard.summary.result, offboard.lines.join('\n')).toBe('converged');
    survive();
    for (const endpoint of own) expect(offboard.summary.deleted).toContain(endpoint.id);
    expect(state.reservedAddrs.all().map((addr) => addr.id)).toEqual([clinic2.addr.id]);
    const kept = keptNotes(offboard.result.plans);
    expect(kept.map((change) => change.id).sort()).toEqual([clinic2.https.id, clinic2.addr.id].sort());
    expect(kept.find((change) => change.id === clinic2.https.id)?.subject).toContain(
      'its policy forwards to https://rest-api.clinic2.internal',
    );
  });
});
