import { type ClinicRecord, formatClinicRecord } from '../../source/clinic-record/record.js';
import {
  agentEndpointFact,
  cloudEndpointFact,
  credentialFact,
  reservedAddrFact,
  sessionFact,
} from '../../source/fleet/facts.js';
import type { FleetSnapshot } from '../../source/fleet/snapshot.js';
import { formatTag } from '../../source/ngrok/tags.js';
import {
  type Credential,
  credentialSchema,
  type Endpoint,
  endpointSchema,
  type ReservedAddr,
  type TunnelSession,
  tunnelSessionSchema,
} from '../../source/ngrok/types.js';

/**
 * API resources for fleet tests, built through the real zod schemas: a clinic in the guide's shape (three
 * services, each with an internal agent endpoint and a public cloud endpoint forwarding to it) in any state.
 */

export const fixtureServices = [
  {
    name: 'rest-api',
    internal: 'https://rest-api.{id}.internal',
    public: 'https://api-{id}.clinic-network.com',
  },
  {
    name: 'patient-db',
    internal: 'tls://patient-db.{id}.internal',
    public: 'tls://patientdb-{id}.clinic-network.com',
  },
  {
    name: 'operations-db',
    internal: 'tcp://operations-database.{id}.internal:1433',
    public: 'tcp://1.tcp.ngrok.io:2{n}',
  },
] as const;

export interface FixtureClinic {
  id: string;
  name?: string;
  /** Live agent sessions (default 1). */
  sessions?: number;
  standby?: boolean;
  /** Service names whose agent endpoint is not online. */
  downEndpoints?: string[];
  /** Service names with no cloud endpoint. */
  missingCloud?: string[];
  /** Service name → the URL its cloud policy forwards to instead. */
  cloudForwardsTo?: Record<string, string>;
  version?: string;
  credentialCreatedAt?: string;
  /** Extra credentials (rotation in progress), with their generation. */
  extraCredentialGenerations?: number[];
  /** List the services (names, internal and public URLs) in the clinic record, as onboarding does. */
  recordEndpoints?: boolean;
}

/** The internal URL of a fixture service for a clinic. */
export function internalUrl(clinicId: string, service: string): string {
  const spec = fixtureServices.find((s) => s.name === service);
  if (!spec) throw new Error(`no fixture service ${service}`);
  return spec.internal.replace('{id}', clinicId);
}

/** The API's lists as the fleet reads them, before it keeps their facts. */
export interface FleetLists {
  sessions: TunnelSession[];
  agentEndpoints: Endpoint[];
  cloudEndpoints: Endpoint[];
  credentials: Credential[];
  reservedAddrs: ReservedAddr[];
}

/** Builds every list the fleet reads, as the API returns them, for the given clinics. */
export function buildLists(clinics: FixtureClinic[]): FleetLists {
  const snapshot: FleetLists = {
    sessions: [],
    agentEndpoints: [],
    cloudEndpoints: [],
    credentials: [],
    reservedAddrs: [],
  };
  for (const [n, clinic] of clinics.entries()) addClinic(snapshot, clinic, n);
  return snapshot;
}

/** A cloud endpoint's fact is a promise only when its policy needs the YAML parser; fixtures' policies are JSON. */
function jsonPolicyFact<F>(fact: F | Promise<F>): F {
  if (fact instanceof Promise) throw new Error('a fixture policy is not JSON: read the lists with factsRead');
  return fact;
}

/** The facts the fleet keeps of the lists it has read (a list left undefined has not been read). */
export function factsOf(lists: Partial<FleetLists>): FleetSnapshot {
  const keep = <T, F>(items: T[] | undefined, fact: (item: T) => F | undefined): F[] | undefined =>
    items?.flatMap((item) => fact(item) ?? []);
  const facts: FleetSnapshot = {};
  const sessions = keep(lists.sessions, sessionFact);
  const agentEndpoints = keep(lists.agentEndpoints, agentEndpointFact);
  const cloudEndpoints = keep(lists.cloudEndpoints, (endpoint) =>
    jsonPolicyFact(cloudEndpointFact(endpoint)),
  );
  const credentials = keep(lists.credentials, credentialFact);
  const reservedAddrs = keep(lists.reservedAddrs, reservedAddrFact);
  if (sessions) facts.sessions = sessions;
  if (agentEndpoints) facts.agentEndpoints = agentEndpoints;
  if (cloudEndpoints) facts.cloudEndpoints = cloudEndpoints;
  if (credentials) facts.credentials = credentials;
  if (reservedAddrs) facts.reservedAddrs = reservedAddrs;
  return facts;
}

/** As factsOf, for lists whose cloud endpoints may have a policy that is not JSON (read with the YAML parser). */
export async function factsRead(lists: Partial<FleetLists>): Promise<FleetSnapshot> {
  const { cloudEndpoints, ...rest } = lists;
  const facts = factsOf(rest);
  if (cloudEndpoints) {
    facts.cloudEndpoints = (await Promise.all(cloudEndpoints.map(cloudEndpointFact))).flatMap(
      (fact) => fact ?? [],
    );
  }
  return facts;
}

/** Builds a complete snapshot (every list read) for the given clinics, as the fleet keeps it. */
export function buildSnapshot(clinics: FixtureClinic[]): Required<FleetSnapshot> {
  return factsOf(buildLists(clinics)) as Required<FleetSnapshot>;
}

function addClinic(snapshot: FleetLists, clinic: FixtureClinic, n: number): void {
  const { id } = clinic;
  const record: ClinicRecord = {
    clinic: id,
    ...(clinic.name ? { name: clinic.name } : {}),
    generation: 1,
    host: fixtureHost('10.0.0.8'),
    ...(clinic.standby ? { standby_host: fixtureHost('10.0.0.9') } : {}),
    endpoints: clinic.recordEndpoints ? recordedEndpoints(id, n) : [],
  };
  const credential = makeCredential(`cr_${id}`, record, clinic.credentialCreatedAt ?? '2026-10-01T00:00:00Z');
  snapshot.credentials.push(credential);
  for (const generation of clinic.extraCredentialGenerations ?? []) {
    snapshot.credentials.push(
      makeCredential(`cr_${id}_g${generation}`, { ...record, generation }, '2026-11-20T00:00:00Z'),
    );
  }
  for (let s = 0; s < (clinic.sessions ?? 1); s++) {
    const session = makeSession(`ts_${id}_${s}`, credential.id, clinic.version ?? '3.22.1');
    snapshot.sessions.push(session);
    for (const service of fixtureServices) {
      if (clinic.downEndpoints?.includes(service.name)) continue;
      snapshot.agentEndpoints.push(
        makeAgentEndpoint(
          `ep_${id}_${s}_${service.name}`,
          service.name,
          internalUrl(id, service.name),
          session.id,
        ),
      );
    }
  }
  for (const service of fixtureServices) {
    if (clinic.missingCloud?.includes(service.name)) continue;
    const target = clinic.cloudForwardsTo?.[service.name] ?? internalUrl(id, service.name);
    const url = service.public.replace('{id}', id).replace('{n}', String(n).padStart(4, '0'));
    snapshot.cloudEndpoints.push(
      makeCloudEndpoint(`ep_${id}_cloud_${service.name}`, url, id, service.name, target),
    );
  }
}

function publicUrl(service: (typeof fixtureServices)[number], clinicId: string, n: number): string {
  return service.public.replace('{id}', clinicId).replace('{n}', String(n).padStart(4, '0'));
}

function fixtureHost(address: string) {
  return { address, port: 22, user: 'technician', config_path: '/etc/ngrok/ngrok.yml' };
}

function recordedEndpoints(clinicId: string, n: number): ClinicRecord['endpoints'] {
  return fixtureServices.map((service) => ({
    name: service.name,
    internal_url: internalUrl(clinicId, service.name),
    public_url: publicUrl(service, clinicId, n),
  }));
}

/** A clinic's agent credential carrying its clinic record. */
export function makeCredential(credId: string, record: ClinicRecord, createdAt: string): Credential {
  return credentialSchema.parse({
    id: credId,
    created_at: createdAt,
    metadata: formatClinicRecord(record),
    acl: [`bind:*.${record.clinic}.internal`],
  });
}

/** A live tunnel session using a credential. */
export function makeSession(sessionId: string, credentialId: string, version: string): TunnelSession {
  return tunnelSessionSchema.parse({
    id: sessionId,
    agent_version: version,
    credential: { id: credentialId, uri: '' },
    ip: '198.51.100.7',
    os: 'linux',
    region: 'eu',
    started_at: '2026-11-27T00:00:00Z',
  });
}

/** An agent endpoint served by a session. */
export function makeAgentEndpoint(epId: string, name: string, url: string, sessionId: string): Endpoint {
  return endpointSchema.parse({
    id: epId,
    type: 'agent',
    url,
    name,
    bindings: ['internal'],
    tunnel_session: { id: sessionId },
  });
}

/** A cloud endpoint whose policy forwards to `target`. */
export function makeCloudEndpoint(
  epId: string,
  url: string,
  clinic: string,
  service: string,
  target: string,
): Endpoint {
  const policy = { on_http_request: [{ actions: [{ type: 'forward-internal', config: { url: target } }] }] };
  return endpointSchema.parse({
    id: epId,
    type: 'cloud',
    url,
    bindings: ['public'],
    traffic_policy: JSON.stringify(policy),
    metadata: formatTag({ role: 'cloud-endpoint', clinic, service }),
  });
}

/** An in-memory FleetApi over a snapshot that counts one request per page of 100, as ngrok pages. */
export class FakeFleetApi {
  requestCount = 0;
  /** Requests per path, e.g. `endpoints?obj.type == "cloud"`. */
  readonly calls: string[] = [];
  /** When set, the next page request throws this error. */
  failWith: Error | undefined;

  /** `beforePage` runs before each page request, e.g. a rate limiter's acquire (benches). */
  constructor(
    public data: FleetLists,
    private readonly beforePage?: () => Promise<void>,
  ) {}

  tunnelSessions = { list: () => this.pages('tunnel_sessions', this.data.sessions) };
  credentials = { list: () => this.pages('credentials', this.data.credentials) };
  reservedAddrs = { list: () => this.pages('reserved_addrs', this.data.reservedAddrs) };
  endpoints = {
    list: (options?: { filter?: string }) => {
      const cloud = options?.filter === 'obj.type == "cloud"';
      const items = cloud ? this.data.cloudEndpoints : this.data.agentEndpoints;
      return this.pages(cloud ? 'endpoints:cloud' : 'endpoints:agent', items);
    },
  };

  private async *pages<T>(name: string, items: T[]): AsyncGenerator<T> {
    let offset = 0;
    do {
      await this.beforePage?.();
      this.requestCount++;
      this.calls.push(name);
      if (this.failWith) {
        const error = this.failWith;
        this.failWith = undefined;
        throw error;
      }
      yield* items.slice(offset, offset + 100);
      offset += 100;
    } while (offset < items.length);
  }
}
