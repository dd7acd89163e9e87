import type { CloudEndpointFact, CredentialFact, FleetSnapshot } from './snapshot.js';
import type { ExpectedEndpoint, FleetMemory } from './types.js';

/**
 * Which clinics exist and what each one owns, from the tags clinic-tui writes into the account (the account is
 * the database) plus what this laptop remembers. A clinic = credentials tagged `agent-credential` for it, its
 * cloud endpoints tagged `cloud-endpoint` (+ `service`) and its reserved addresses tagged `reserved-addr`. The
 * clinic record on its credentials gives its name, whether a standby host pools its endpoints (so two sessions
 * are expected) and the endpoints it serves; the cloud endpoints' forward targets and the agent endpoints seen
 * earlier add to those.
 */
export interface ClinicSources {
  id: string;
  name?: string;
  credentials: CredentialFact[];
  cloudEndpoints: CloudEndpointFact[];
  reservedAddrs: string[];
  taggedEndpoints: ExpectedEndpoint[];
  hasStandby: boolean;
}

/** Groups the snapshot's tagged resources by clinic; clinics known only from memory are kept until the lists
 * that would show them have been read and do not. */
export function groupByClinic(snapshot: FleetSnapshot, memory: FleetMemory): Map<string, ClinicSources> {
  const groups = new Map<string, ClinicSources>();
  const groupFor = (id: string): ClinicSources => {
    let group = groups.get(id);
    if (!group) {
      group = {
        id,
        credentials: [],
        cloudEndpoints: [],
        reservedAddrs: [],
        taggedEndpoints: [],
        hasStandby: false,
      };
      groups.set(id, group);
    }
    return group;
  };
  for (const credential of snapshot.credentials ?? []) {
    const group = groupFor(credential.clinic);
    group.credentials.push(credential);
    if (credential.name) group.name = credential.name;
    if (credential.hasStandby) group.hasStandby = true;
    group.taggedEndpoints.push(...credential.endpoints);
  }
  for (const endpoint of snapshot.cloudEndpoints ?? [])
    groupFor(endpoint.clinic).cloudEndpoints.push(endpoint);
  for (const addr of snapshot.reservedAddrs ?? []) groupFor(addr.clinic).reservedAddrs.push(addr.addr);
  // An offboarded clinic disappears once both lists that define a clinic have been read without it.
  const listsRead = snapshot.credentials !== undefined && snapshot.cloudEndpoints !== undefined;
  if (!listsRead) for (const id of Object.keys(memory.clinics)) groupFor(id);
  return groups;
}
