import { type ClinicSources, groupByClinic } from './clinics.js';
import { compareText } from './compare.js';
import { assessEndpoints } from './endpoint-health.js';
import { exactSize } from './exact-size.js';
import { exposureReason } from './probe-health.js';
import { publicUrlKeys, splitProbe } from './probe-urls.js';
import type { AgentEndpointFact, CredentialFact, FleetSnapshot, SessionFact } from './snapshot.js';
import { shortTime } from './time-text.js';
import type {
  ClinicHealth,
  ClinicMemory,
  ClinicStatus,
  EndpointHealth,
  FleetHealth,
  FleetMemory,
  FleetProbes,
} from './types.js';

/**
 * The health model: a pure join of tunnel sessions, agent endpoints, cloud endpoints, credentials and the
 * clinics' tags, plus what was remembered and what this laptop's stranger probes found, into one row per clinic
 * with a status and a reason.
 */

const dayMs = 86_400_000;

/** An empty memory, for a first run. */
export function emptyMemory(): FleetMemory {
  return { version: 1, clinics: {} };
}

/**
 * Computes every clinic's health from a snapshot and the last probes; also returns the memory to keep (last seen,
 * down since). Probes of clinics the account no longer lists are ignored, and so are verdicts on URLs that are no
 * longer among a clinic's public endpoints.
 */
export function computeFleetHealth(
  snapshot: FleetSnapshot,
  memory: FleetMemory,
  now: Date,
  probes: FleetProbes = {},
): FleetHealth {
  const index = indexSnapshot(snapshot);
  const next: FleetMemory = { version: 1, clinics: {} };
  const clinics: ClinicHealth[] = [];
  for (const sources of groupByClinic(snapshot, memory).values()) {
    const { health, remembered } = assessClinic(
      sources,
      { memory: memory.clinics[sources.id], probe: probes[sources.id] },
      snapshot,
      index,
      now,
    );
    clinics.push(health);
    next.clinics[sources.id] = remembered;
  }
  clinics.sort((a, b) => compareText(a.id, b.id));
  return { clinics, memory: next };
}

interface SnapshotIndex {
  sessionsByCredential: Map<string, SessionFact[]>;
  endpointsBySession: Map<string, AgentEndpointFact[]>;
  liveUrls: Set<string> | undefined;
}

function indexSnapshot(snapshot: FleetSnapshot): SnapshotIndex {
  const sessionsByCredential = new Map<string, SessionFact[]>();
  for (const session of snapshot.sessions ?? []) {
    if (session.credentialId) pushTo(sessionsByCredential, session.credentialId, session);
  }
  const endpointsBySession = new Map<string, AgentEndpointFact[]>();
  for (const endpoint of snapshot.agentEndpoints ?? []) {
    if (endpoint.sessionId) pushTo(endpointsBySession, endpoint.sessionId, endpoint);
  }
  const liveUrls = snapshot.agentEndpoints
    ? new Set(snapshot.agentEndpoints.map((endpoint) => endpoint.url))
    : undefined;
  return { sessionsByCredential, endpointsBySession, liveUrls };
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function assessClinic(
  sources: ClinicSources,
  { memory: previous, probe }: { memory: ClinicMemory | undefined; probe: FleetProbes[string] | undefined },
  snapshot: FleetSnapshot,
  index: SnapshotIndex,
  now: Date,
): { health: ClinicHealth; remembered: ClinicMemory } {
  // Until the credential list has been read, the remembered credential ids attribute sessions to the clinic.
  const credentialIds = snapshot.credentials
    ? sources.credentials.map((credential) => credential.id)
    : [...new Set([...(previous?.credentialIds ?? []), ...sources.credentials.map((c) => c.id)])];
  const sessions = exactSize(credentialIds.flatMap((id) => index.sessionsByCredential.get(id) ?? []));
  const online = sessions.length > 0;
  const served = sessions.flatMap((session) =>
    (index.endpointsBySession.get(session.id) ?? []).map(({ name, url }) => ({ name, internalUrl: url })),
  );
  const { endpoints, expected } = assessEndpoints({
    sources,
    remembered: previous?.endpoints ?? [],
    served,
    liveUrls: index.liveUrls,
    cloudListRead: snapshot.cloudEndpoints !== undefined,
  });
  // A verdict counts only for a URL the clinic still has; until both lists holding its URLs have been read since
  // the probe ran (a URL probed after the read began may not be in them yet), all do.
  const publicUrls =
    probe &&
    snapshot.cloudEndpoints &&
    snapshot.reservedAddrs &&
    listedAfter(probe.at, snapshot.publicUrlsReadFrom)
      ? publicUrlKeys(
          sources.cloudEndpoints.map((endpoint) => endpoint.url),
          sources.reservedAddrs,
        )
      : undefined;
  const { current: currentProbe, gone: goneProbe } = splitProbe(probe, publicUrls);
  const known = snapshot.sessions !== undefined;
  const lastSeen = online ? now.toISOString() : previous?.lastSeen;
  // down-since survives restarts of the tool: it is set once when the agent is first seen gone.
  const downSince = !known
    ? previous?.downSince
    : online
      ? undefined
      : (previous?.downSince ?? now.toISOString());
  const newest = [...sessions].sort((a, b) => compareText(b.startedAt, a.startedAt))[0];
  const oldestStart = sessions.map((s) => s.startedAt).sort()[0];
  const credential = currentCredential(sources.credentials);
  const name = sources.name ?? previous?.name ?? sources.id;
  const expectedSessions = sources.hasStandby ? 2 : 1;
  const { status, reason } = judgeStatus({
    snapshot,
    online,
    sessions: sessions.length,
    expectedSessions,
    endpoints,
    lastSeen,
    downSince: downSince,
    hasCredential: credentialIds.length > 0,
    exposure: exposureReason(currentProbe, now.getTime()),
    aclDrift: sources.credentials.find((fact) => fact.aclNote)?.aclNote,
  });
  const health: ClinicHealth = {
    id: sources.id,
    name,
    status,
    reason,
    agent: {
      online,
      sessions,
      expectedSessions,
      version: newest?.version ?? '',
      os: newest?.os ?? '',
      region: newest?.region ?? '',
      ip: newest?.ip ?? '',
      ...(oldestStart ? { startedAt: oldestStart } : {}),
      ...(lastSeen ? { lastSeen } : {}),
      ...(downSince ? { downSince: downSince } : {}),
    },
    endpoints,
    ...(credential ? { credential: describeCredential(credential, now) } : {}),
    credentialIds,
    reservedAddrs: sources.reservedAddrs,
    ...(currentProbe ? { probe: currentProbe } : {}),
    ...(goneProbe ? { goneProbe } : {}),
  };
  const remembered: ClinicMemory = {
    ...(name !== sources.id ? { name } : {}),
    credentialIds,
    ...(lastSeen ? { lastSeen } : {}),
    ...(downSince ? { downSince: downSince } : {}),
    endpoints: exactSize(expected.filter((entry) => entry.internalUrl !== '')),
  };
  return { health, remembered };
}

interface StatusInputs {
  snapshot: FleetSnapshot;
  online: boolean;
  sessions: number;
  expectedSessions: number;
  endpoints: EndpointHealth[];
  lastSeen: string | undefined;
  downSince: string | undefined;
  hasCredential: boolean;
  /** Why the clinic is exposed, when its last probe found a public endpoint open to strangers. */
  exposure?: string | undefined;
  /** How one of the clinic's credentials has an ACL other than its own, when one does. */
  aclDrift?: string | undefined;
}

/**
 * The status rules, worst first: offline, degraded, drift, unknown, healthy. A public endpoint that let a stranger
 * in is drift (its Traffic Policy no longer keeps strangers out), reported before any other drift; then an
 * authtoken whose ACL is not the clinic's own (it may bind another clinic's endpoints, or any).
 */
export function judgeStatus(input: StatusInputs): { status: ClinicStatus; reason: string } {
  if (input.snapshot.sessions === undefined)
    return { status: 'unknown', reason: 'waiting for the first refresh' };
  if (!input.online) {
    if (!input.hasCredential && input.snapshot.credentials !== undefined) {
      return {
        status: 'offline',
        reason: 'no credential is tagged for this clinic, so no agent can connect',
      };
    }
    if (!input.lastSeen) return { status: 'offline', reason: 'agent not seen online yet' };
    return {
      status: 'offline',
      reason: `agent offline since ${shortTime(input.downSince ?? input.lastSeen)}`,
    };
  }
  if (input.sessions < input.expectedSessions) {
    return {
      status: 'degraded',
      reason: `standby agent offline (${input.sessions} of ${input.expectedSessions} sessions)`,
    };
  }
  const down = input.endpoints.filter((endpoint) => endpoint.online === false);
  if (down.length > 0) {
    const names = down.map((endpoint) => endpoint.name).join(', ');
    return {
      status: 'degraded',
      reason: `${down.length} of ${input.endpoints.length} endpoints down: ${names}`,
    };
  }
  if (input.exposure) return { status: 'drift', reason: input.exposure };
  if (input.aclDrift) return { status: 'drift', reason: input.aclDrift };
  const cloudProblems = input.endpoints.filter(
    (endpoint) => endpoint.cloud === 'missing' || endpoint.cloud === 'drift',
  );
  if (cloudProblems.length > 0) {
    const first = cloudProblems[0];
    const more = cloudProblems.length > 1 ? ` (+${cloudProblems.length - 1} more)` : '';
    return { status: 'drift', reason: `${first?.name}: ${first?.cloudNote ?? first?.cloud}${more}` };
  }
  if (input.snapshot.agentEndpoints === undefined)
    return { status: 'unknown', reason: 'endpoint list not read yet' };
  if (input.endpoints.length === 0)
    return { status: 'unknown', reason: 'agent online; no endpoints known for it' };
  const count = input.endpoints.length;
  return { status: 'healthy', reason: count === 1 ? 'its 1 endpoint is up' : `all ${count} endpoints up` };
}

/** The credential in use: the highest generation, then the newest. */
function currentCredential(credentials: CredentialFact[]): CredentialFact | undefined {
  return [...credentials].sort(
    (a, b) => (b.generation ?? 0) - (a.generation ?? 0) || compareText(b.createdAt, a.createdAt),
  )[0];
}

function describeCredential(credential: CredentialFact, now: Date): NonNullable<ClinicHealth['credential']> {
  const created = Date.parse(credential.createdAt);
  return {
    id: credential.id,
    createdAt: credential.createdAt,
    ageDays: Number.isNaN(created) ? undefined : Math.max(0, Math.floor((now.getTime() - created) / dayMs)),
    generation: credential.generation,
  };
}

/** Whether lists whose read began at `readFrom` (absent: as current as anything) were read after `probedAt`. */
function listedAfter(probedAt: string, readFrom: string | undefined): boolean {
  return readFrom === undefined || Date.parse(probedAt) < Date.parse(readFrom);
}
