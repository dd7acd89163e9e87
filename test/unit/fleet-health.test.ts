import { describe, expect, it } from 'vitest';
import { computeFleetHealth, emptyMemory, judgeStatus } from '../../source/fleet/health.js';
import type { FleetMemory } from '../../source/fleet/types.js';
import {
  buildLists,
  buildSnapshot,
  type FixtureClinic,
  type FleetLists,
  factsRead,
  internalUrl,
} from '../helpers/fleet-fixtures.js';

const earlier = new Date('2026-11-27T01:00:00Z');
const now = new Date('2026-11-27T02:00:00Z');

/** Memory as it is after one refresh that saw the clinic healthy. */
function memoryAfterHealthy(clinic: FixtureClinic): FleetMemory {
  return computeFleetHealth(buildSnapshot([{ id: clinic.id }]), emptyMemory(), earlier).memory;
}

interface Case {
  title: string;
  clinic: FixtureClinic;
  /** Changes the built snapshot (e.g. drops a list that has not been read yet). */
  /** Changes the API's lists before the fleet keeps their facts. */
  edit?: (lists: Partial<FleetLists>) => Partial<FleetLists>;
  /** Start from the memory of an earlier healthy refresh. */
  seenBefore?: boolean;
  status: string;
  reason: string | RegExp;
}

const cases: Case[] = [
  { title: 'everything up', clinic: { id: 'c1' }, status: 'healthy', reason: 'all 3 endpoints up' },
  {
    title: 'agent never seen',
    clinic: { id: 'c1', sessions: 0 },
    status: 'offline',
    reason: 'agent not seen online yet',
  },
  {
    title: 'agent gone after being seen',
    clinic: { id: 'c1', sessions: 0 },
    seenBefore: true,
    status: 'offline',
    reason: 'agent offline since 2026-11-27 02:00Z',
  },
  {
    title: 'credential deleted, cloud endpoints left',
    clinic: { id: 'c1', sessions: 0 },
    edit: (s) => ({ ...s, credentials: [] }),
    status: 'offline',
    reason: 'no credential is tagged for this clinic, so no agent can connect',
  },
  {
    title: "credential's ACL emptied (it binds anything)",
    clinic: { id: 'c1' },
    edit: (s) => ({ ...s, credentials: s.credentials?.map((credential) => ({ ...credential, acl: [] })) }),
    status: 'drift',
    reason: /^credential \S+ has no ACL \(it may bind any endpoint\), not bind:\*\.c1\.internal$/,
  },
  {
    title: 'standby agent missing',
    clinic: { id: 'c1', standby: true },
    status: 'degraded',
    reason: 'standby agent offline (1 of 2 sessions)',
  },
  {
    title: 'one endpoint down',
    clinic: { id: 'c1', downEndpoints: ['patient-db'] },
    status: 'degraded',
    reason: '1 of 3 endpoints down: patient-db',
  },
  {
    title: 'endpoint known only from the clinic record is down',
    clinic: {
      id: 'c1',
      recordEndpoints: true,
      missingCloud: ['operations-db'],
      downEndpoints: ['operations-db'],
    },
    status: 'degraded',
    reason: '1 of 3 endpoints down: operations-db',
  },
  {
    title: 'remembered endpoint no longer served',
    clinic: { id: 'c1', downEndpoints: ['operations-db'], missingCloud: ['operations-db'] },
    seenBefore: true,
    status: 'degraded',
    reason: '1 of 3 endpoints down: operations-db',
  },
  {
    title: 'cloud endpoint listed in the clinic record never created',
    clinic: { id: 'c1', recordEndpoints: true, missingCloud: ['patient-db'] },
    status: 'drift',
    reason: 'patient-db: no cloud endpoint for tls://patientdb-c1.clinic-network.com',
  },
  {
    title: 'cloud endpoint deleted',
    clinic: { id: 'c1', missingCloud: ['rest-api'] },
    seenBefore: true,
    status: 'drift',
    reason: 'rest-api: no cloud endpoint for https://api-c1.clinic-network.com',
  },
  {
    title: 'policy forwards to another endpoint of the clinic',
    clinic: { id: 'c1', cloudForwardsTo: { 'rest-api': internalUrl('c1', 'patient-db') } },
    status: 'drift',
    reason: 'rest-api: policy does not forward to https://rest-api.c1.internal',
  },
  {
    title: 'policy forwards into another clinic',
    clinic: { id: 'c1', cloudForwardsTo: { 'rest-api': 'https://rest-api.c2.internal' } },
    status: 'drift',
    reason: 'rest-api: policy forwards outside the clinic to https://rest-api.c2.internal',
  },
  {
    title: 'policy cannot be parsed',
    clinic: { id: 'c1' },
    edit: (s) => ({
      ...s,
      cloudEndpoints: s.cloudEndpoints?.map((e, i) =>
        i === 0 ? { ...e, traffic_policy: '{ on_http_request: [' } : e,
      ),
    }),
    status: 'drift',
    reason: 'rest-api: policy cannot be parsed',
  },
  {
    title: 'two cloud problems',
    clinic: { id: 'c1', missingCloud: ['rest-api', 'patient-db'] },
    seenBefore: true,
    status: 'drift',
    reason: /^patient-db: no cloud endpoint for .* \(\+1 more\)$/,
  },
  {
    title: 'offline wins over drift',
    clinic: { id: 'c1', sessions: 0, missingCloud: ['rest-api'] },
    seenBefore: true,
    status: 'offline',
    reason: /^agent offline since/,
  },
  {
    title: 'nothing read yet',
    clinic: { id: 'c1' },
    seenBefore: true,
    edit: () => ({}),
    status: 'unknown',
    reason: 'waiting for the first refresh',
  },
  {
    title: 'agent endpoint list not read yet',
    clinic: { id: 'c1' },
    edit: (s) => ({ ...s, agentEndpoints: undefined }),
    status: 'unknown',
    reason: 'endpoint list not read yet',
  },
  {
    title: 'agent online but no endpoint known',
    clinic: { id: 'c1', downEndpoints: ['rest-api', 'patient-db', 'operations-db'] },
    edit: (s) => ({ ...s, cloudEndpoints: [] }),
    status: 'unknown',
    reason: 'agent online; no endpoints known for it',
  },
];

describe('health model', () => {
  it.each(cases)('$title → $status', async (c) => {
    const built = buildLists([c.clinic]);
    const snapshot = await factsRead(c.edit ? c.edit(built) : built);
    const memory = c.seenBefore ? memoryAfterHealthy(c.clinic) : emptyMemory();
    const [row] = computeFleetHealth(snapshot, memory, now).clinics;
    expect(row?.status).toBe(c.status);
    if (typeof c.reason === 'string') expect(row?.reason).toBe(c.reason);
    else expect(row?.reason).toMatch(c.reason);
  });
});

describe('memory across refreshes', () => {
  it('keeps a clinic whose agent went away, as offline with its last-seen time', () => {
    const first = computeFleetHealth(buildSnapshot([{ id: 'c1' }, { id: 'c2' }]), emptyMemory(), earlier);
    // ngrok lists only what is online: c1's session and agent endpoints are simply gone from the lists.
    const second = computeFleetHealth(
      buildSnapshot([{ id: 'c1', sessions: 0 }, { id: 'c2' }]),
      first.memory,
      now,
    );
    const c1 = second.clinics.find((row) => row.id === 'c1');
    expect(c1?.status).toBe('offline');
    expect(c1?.agent.lastSeen).toBe(earlier.toISOString());
    expect(c1?.agent.downSince).toBe(now.toISOString());
    expect(c1?.endpoints.map((e) => [e.name, e.online])).toEqual([
      ['operations-db', false],
      ['patient-db', false],
      ['rest-api', false],
    ]);
    const later = new Date('2026-11-27T03:00:00Z');
    const third = computeFleetHealth(
      buildSnapshot([{ id: 'c1', sessions: 0 }, { id: 'c2' }]),
      second.memory,
      later,
    );
    expect(third.clinics[0]?.agent.downSince).toBe(now.toISOString());
    expect(third.clinics[0]?.reason).toBe('agent offline since 2026-11-27 02:00Z');
  });

  it('clears down-since when the agent comes back', () => {
    const gone = computeFleetHealth(
      buildSnapshot([{ id: 'c1', sessions: 0 }]),
      memoryAfterHealthy({ id: 'c1' }),
      now,
    );
    const back = computeFleetHealth(buildSnapshot([{ id: 'c1' }]), gone.memory, now);
    expect(back.clinics[0]?.status).toBe('healthy');
    expect(back.clinics[0]?.agent.downSince).toBeUndefined();
    expect(back.memory.clinics.c1?.downSince).toBeUndefined();
  });

  it('attributes sessions by remembered credential ids before the credential list is read', () => {
    const memory = memoryAfterHealthy({ id: 'c1' });
    const { credentials: _unread, ...snapshot } = buildSnapshot([{ id: 'c1' }]);
    const [row] = computeFleetHealth(snapshot, memory, now).clinics;
    expect(row?.agent.online).toBe(true);
    expect(row?.status).toBe('healthy');
  });

  it('forgets an offboarded clinic once credentials and cloud endpoints are read without it', () => {
    const memory = memoryAfterHealthy({ id: 'c1' });
    const result = computeFleetHealth(buildSnapshot([]), memory, now);
    expect(result.clinics).toEqual([]);
    expect(result.memory.clinics).toEqual({});
  });
});

describe('clinic details', () => {
  it('reports the current credential (highest generation) and its age in days', () => {
    const snapshot = buildSnapshot([
      { id: 'c1', credentialCreatedAt: '2026-08-29T02:00:00Z', extraCredentialGenerations: [2] },
    ]);
    const [row] = computeFleetHealth(snapshot, emptyMemory(), now).clinics;
    expect(row?.credential).toEqual({
      id: 'cr_c1_g2',
      createdAt: '2026-11-20T00:00:00Z',
      ageDays: 7,
      generation: 2,
    });
    expect(row?.credentialIds).toEqual(['cr_c1', 'cr_c1_g2']);
  });

  it('takes agent version, OS, region and IP from the sessions, and the name from the clinic record', () => {
    const [row] = computeFleetHealth(
      buildSnapshot([{ id: 'c1', name: 'Clinic One', version: '3.19.0' }]),
      emptyMemory(),
      now,
    ).clinics;
    expect(row?.name).toBe('Clinic One');
    expect(row?.agent).toMatchObject({
      online: true,
      version: '3.19.0',
      os: 'linux',
      region: 'eu',
      ip: '198.51.100.7',
    });
    expect(row?.endpoints.find((e) => e.name === 'rest-api')).toMatchObject({
      online: true,
      publicUrl: 'https://api-c1.clinic-network.com',
      cloud: 'ok',
    });
  });

  it('says "its 1 endpoint is up" for a healthy clinic with one endpoint, not "all 1 endpoints"', () => {
    const snapshot = buildSnapshot([{ id: 'c1' }]);
    const endpoint = { name: 'rest-api', internalUrl: 'https://rest-api.c1.internal', online: true };
    const judged = (count: number) =>
      judgeStatus({
        snapshot,
        online: true,
        sessions: 1,
        expectedSessions: 1,
        endpoints: Array.from({ length: count }, () => endpoint),
        lastSeen: now.toISOString(),
        downSince: undefined,
        hasCredential: true,
      });
    expect(judged(1)).toEqual({ status: 'healthy', reason: 'its 1 endpoint is up' });
    expect(judged(2)).toEqual({ status: 'healthy', reason: 'all 2 endpoints up' });
  });
});
