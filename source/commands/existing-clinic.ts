import type { ClinicLookup, ExistingClinic } from '../../flows/questions/existing.js';
import { newestRecord } from '../clinic-record/credentials.js';
import { clinicAcl } from '../clinic-record/ownership.js';
import type { ClinicRecord } from '../clinic-record/record.js';
import {
  agentEndpointFact,
  cloudEndpointFact,
  credentialFact,
  reservedAddrFact,
  sessionFact,
} from '../fleet/facts.js';
import { computeFleetHealth, emptyMemory } from '../fleet/health.js';
import type { FleetSnapshot } from '../fleet/snapshot.js';
import { collect } from '../ngrok/client.js';
import { agentEndpointsOf, cloudEndpointsFilter, cloudEndpointsOf } from '../ngrok/endpoint-filters.js';
import { NgrokApiError } from '../ngrok/errors.js';
import type { ListOptions, ReadOptions } from '../ngrok/resources.js';
import { formatTag, serviceUserName } from '../ngrok/tags.js';
import type { Credential, Endpoint, TunnelSession } from '../ngrok/types.js';
import { within } from './read-bounds.js';
import { type WizardAccountApi, wizardAccount } from './wizard-account.js';

/** The parts of the account a lookup reads; the ngrok client has them. */
export interface LookupApi extends WizardAccountApi {
  credentials: { list(options?: ListOptions): AsyncIterable<Credential> };
  endpoints: { list(options?: ListOptions): AsyncIterable<Endpoint> };
  tunnelSessions: { get(id: string, options?: ReadOptions): Promise<TunnelSession> };
}

/**
 * The clinic's agent credentials: those with its ACL (`acl` is filterable: https://ngrok.com/docs/api/api-filtering/;
 * onboarding gives every clinic credential exactly this ACL and restores it when edited), kept when tagged for the
 * clinic. Asked by ACL rather than by owner, so the lookup need not wait for the list of every service user.
 */
async function clinicCredentials(
  api: LookupApi,
  clinicId: string,
  signal: AbortSignal,
): Promise<Credential[]> {
  const filter = `${JSON.stringify(clinicAcl(clinicId)[0])} in obj.acl`;
  const listed = await collect(api.credentials.list({ filter, signal }));
  return listed.filter((credential) => credentialFact(credential)?.clinic === clinicId);
}

/**
 * The clinic's cloud endpoints: by the tags and URLs its record names, else (no record yet: only the cloud stage
 * ran) every cloud endpoint, its parsed tag judged on this side (findClinic), so any spelling of the tag counts.
 */
function cloudEndpoints(
  api: LookupApi,
  clinicId: string,
  record: ClinicRecord | undefined,
  signal: AbortSignal,
): Promise<Endpoint[]> {
  if (!record) {
    return collect(api.endpoints.list({ filter: cloudEndpointsFilter, signal }));
  }
  const exposed = record.endpoints.filter((endpoint) => endpoint.public_url);
  const filter = cloudEndpointsOf({
    metadata: exposed.map(({ name }) =>
      formatTag({ clinic: clinicId, role: 'cloud-endpoint', service: name }),
    ),
    url: exposed.flatMap(({ public_url }) => public_url ?? []),
  });
  return filter ? collect(api.endpoints.list({ filter, signal })) : Promise.resolve([]);
}

/**
 * The agent side of the credentials: the agent endpoints their owners started (`principal.id`), and the tunnel
 * sessions serving those endpoints, each read by its id rather than listing every session of the account (the
 * list's `credential` field is filterable, its `id` not documented: https://ngrok.com/docs/api/api-filtering/).
 * An agent online with no endpoint at all is thus read as offline.
 */
async function agentSide(
  api: LookupApi,
  credentials: Credential[],
  signal: AbortSignal,
): Promise<Pick<FleetSnapshot, 'sessions' | 'agentEndpoints'>> {
  const filter = agentEndpointsOf(credentials.flatMap((credential) => credential.owner_id ?? []));
  if (!filter) return { sessions: [], agentEndpoints: [] };
  const endpoints = await collect(api.endpoints.list({ filter, signal }));
  const sessionIds = new Set(endpoints.flatMap((endpoint) => endpoint.tunnel_session?.id ?? []));
  const sessions = await Promise.all(
    [...sessionIds].map((id) => api.tunnelSessions.get(id, { signal }).catch(ignoreGone)),
  );
  const credentialIds = new Set(credentials.map((credential) => credential.id));
  return {
    sessions: sessions
      .flatMap((session) => (session ? sessionFact(session) : []))
      .filter((session) => credentialIds.has(session.credentialId)),
    agentEndpoints: endpoints.map(agentEndpointFact),
  };
}

/** A session that ended between the two reads is simply not there. */
function ignoreGone(error: unknown): undefined {
  if (error instanceof NgrokApiError && error.status === 404) return undefined;
  throw error;
}

/**
 * What the account holds under a clinic id: its credentials, cloud endpoints and reserved addresses, with the
 * fleet's health model over its agent sessions and endpoints, or else only its service user (from the list the
 * defaults read too). Undefined when nothing is there for it.
 */
async function findClinic(
  api: LookupApi,
  clinicId: string,
  signal: AbortSignal,
): Promise<ExistingClinic | undefined> {
  const account = wizardAccount(api);
  // Awaited only when nothing is tagged for the clinic; `within` ends the read otherwise.
  const users = account.serviceUsers(signal);
  users.catch(() => undefined);
  const [credentials, addrs] = await Promise.all([
    clinicCredentials(api, clinicId, signal),
    account.clinicAddrs(signal),
  ]);
  const record = newestRecord(credentials);
  const [cloud, agent] = await Promise.all([
    cloudEndpoints(api, clinicId, record, signal),
    agentSide(api, credentials, signal),
  ]);
  const ours = <T extends { clinic: string }>(fact: T | undefined): T[] =>
    fact?.clinic === clinicId ? [fact] : [];
  const snapshot: FleetSnapshot = {
    credentials: credentials.flatMap((credential) => ours(credentialFact(credential))),
    cloudEndpoints: (await Promise.all(cloud.map(cloudEndpointFact))).flatMap(ours),
    reservedAddrs: addrs.flatMap((addr) => ours(reservedAddrFact(addr))),
  };
  const tagged = Object.values(snapshot).some((list) => list.length > 0);
  if (!tagged && !(await users).some((user) => user.name === serviceUserName(clinicId))) return undefined;
  // No credential yet (only the cloud stage ran) means no agent: no sessions and no agent endpoints, which the
  // fleet's model reads as offline, not unknown.
  Object.assign(snapshot, agent);
  const health = computeFleetHealth(snapshot, emptyMemory(), new Date()).clinics.find(
    (clinic) => clinic.id === clinicId,
  );
  const host = record?.host?.address;
  // Only a service user (nothing tagged the model could judge): offline too.
  const status = !health ? 'offline' : health.status === 'healthy' ? 'online' : health.status;
  return {
    status,
    endpoints: health?.endpoints.length ?? 0,
    ...(host ? { host } : {}),
  };
}

/**
 * The wizard's lookup of a typed clinic id in the account. Bounded: an account slower than `timeoutMs`, or one
 * that fails, announces nothing (the plan still shows every update before anything is applied), and its reads
 * stop when the bound passes.
 */
export function existingClinicLookup(api: LookupApi, timeoutMs = 10_000): ClinicLookup {
  return (clinicId) => within((signal) => findClinic(api, clinicId, signal), timeoutMs);
}
