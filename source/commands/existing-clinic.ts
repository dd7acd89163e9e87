import type { ClinicLookup, ExistingClinic } from '../../flows/questions/existing.js';
import { listClinicCredentials, newestRecord } from '../clinic-record/credentials.js';
import {
  agentEndpointFact,
  cloudEndpointFact,
  credentialFact,
  reservedAddrFact,
  sessionFact,
} from '../fleet/facts.js';
import { computeFleetHealth, emptyMemory } from '../fleet/health.js';
import type { FleetSnapshot } from '../fleet/snapshot.js';
import { collect, type NgrokClient } from '../ngrok/client.js';
import { agentEndpointsFilter, cloudEndpointsFilter } from '../ngrok/endpoint-filters.js';
import { serviceUserName } from '../ngrok/tags.js';
import { within } from './wizard-defaults.js';

/** The lists of the account a lookup reads; the ngrok client has them. */
export type LookupApi = Pick<
  NgrokClient,
  'serviceUsers' | 'credentials' | 'endpoints' | 'reservedAddrs' | 'tunnelSessions'
>;

// Filters as the fleet sends them (https://ngrok.com/docs/api/api-filtering).

/**
 * What the account holds under a clinic id, by its tags (the way the fleet and offboard find a clinic): its
 * service user, credentials, cloud endpoints and reserved addresses, with the fleet's health model over its agent
 * sessions and endpoints. Undefined when nothing is tagged for it.
 */
async function findClinic(api: LookupApi, clinicId: string): Promise<ExistingClinic | undefined> {
  const [users, credentials, cloud, addrs] = await Promise.all([
    collect(api.serviceUsers.list()),
    listClinicCredentials(api, clinicId),
    collect(api.endpoints.list({ filter: cloudEndpointsFilter })),
    collect(api.reservedAddrs.list()),
  ]);
  const ours = <T extends { clinic: string }>(fact: T | undefined): T[] =>
    fact?.clinic === clinicId ? [fact] : [];
  const snapshot: FleetSnapshot = {
    credentials: credentials.flatMap((credential) => ours(credentialFact(credential))),
    cloudEndpoints: (await Promise.all(cloud.map(cloudEndpointFact))).flatMap(ours),
    reservedAddrs: addrs.flatMap((addr) => ours(reservedAddrFact(addr))),
  };
  const hasUser = users.some((user) => user.name === serviceUserName(clinicId));
  const tagged = Object.values(snapshot).some((list) => list.length > 0);
  if (!hasUser && !tagged) return undefined;
  // No credential yet (only the cloud stage ran) means no agent: no sessions and no agent endpoints, which the
  // fleet's model reads as offline, not unknown.
  snapshot.sessions = [];
  snapshot.agentEndpoints = [];
  if (credentials.length > 0) {
    const credentialIds = new Set(credentials.map((credential) => credential.id));
    const [sessions, agentEndpoints] = await Promise.all([
      collect(api.tunnelSessions.list()),
      collect(api.endpoints.list({ filter: agentEndpointsFilter })),
    ]);
    snapshot.sessions = sessions.map(sessionFact).filter((s) => credentialIds.has(s.credentialId));
    snapshot.agentEndpoints = agentEndpoints.map(agentEndpointFact);
  }
  const health = computeFleetHealth(snapshot, emptyMemory(), new Date()).clinics.find(
    (clinic) => clinic.id === clinicId,
  );
  const host = newestRecord(credentials)?.host?.address;
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
 * that fails, announces nothing (the plan still shows every update before anything is applied).
 */
export function existingClinicLookup(api: LookupApi, timeoutMs = 10_000): ClinicLookup {
  return (clinicId) => within(findClinic(api, clinicId), timeoutMs);
}
