import { parseTag, type Tag } from '../ngrok/tags.js';
import type { Credential, Endpoint } from '../ngrok/types.js';
import { normalizeUrl } from './policy-targets.js';
import type { ExpectedEndpoint, FleetMemory, FleetSnapshot } from './types.js';

/**
 * Which clinics exist and what each one owns, from the tags clinic-tui writes into the account (the account is
 * the database) plus what this laptop remembers. A clinic = credentials tagged `agent-credential` for it, its
 * cloud endpoints tagged `cloud-endpoint` (+ `service`) and its reserved addresses tagged `reserved-addr`.
 *
 * Assumption agreed in the brief (stated in the report): the credential tag may carry `name` (display name),
 * `standby_host` (a second host serving the same endpoints, so two sessions are expected) and `endpoints` —
 * internal URLs the clinic serves, as strings or `{name, internal_url, public_url?}`. Without that list the
 * expected endpoints come from the cloud endpoints' forward targets and from agent endpoints seen earlier.
 */
export interface ClinicSources {
  id: string;
  name?: string;
  credentials: Credential[];
  cloudEndpoints: { endpoint: Endpoint; service?: string }[];
  reservedAddrs: string[];
  taggedEndpoints: ExpectedEndpoint[];
  hasStandby: boolean;
}

// Credentials, cloud endpoints and reserved addresses are kept for a whole slow refresh cycle, so their tags
// (JSON + zod) are read once per object, not once per refresh: 40,000 objects in a 10,000-clinic fleet.
const tagCache = new WeakMap<object, Tag | undefined>();

/** The clinic-tui tag of a listed resource, read once per resource object. */
export function tagOf(resource: { metadata?: string | null }): Tag | undefined {
  if (tagCache.has(resource)) return tagCache.get(resource);
  const tag = parseTag(resource.metadata);
  tagCache.set(resource, tag);
  return tag;
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
    const tag = tagOf(credential);
    if (tag?.role !== 'agent-credential' || !tag.clinic) continue;
    const group = groupFor(tag.clinic);
    group.credentials.push(credential);
    if (typeof tag.name === 'string' && tag.name) group.name = tag.name;
    if (tag.standby_host) group.hasStandby = true;
    group.taggedEndpoints.push(...taggedEndpoints(tag.endpoints));
  }
  for (const endpoint of snapshot.cloudEndpoints ?? []) {
    const tag = tagOf(endpoint);
    if (tag?.role !== 'cloud-endpoint' || !tag.clinic) continue;
    groupFor(tag.clinic).cloudEndpoints.push({ endpoint, service: tag.service });
  }
  for (const addr of snapshot.reservedAddrs ?? []) {
    const tag = tagOf(addr);
    if (tag?.role === 'reserved-addr' && tag.clinic) groupFor(tag.clinic).reservedAddrs.push(addr.addr);
  }
  // An offboarded clinic disappears once both lists that define a clinic have been read without it.
  const listsRead = snapshot.credentials !== undefined && snapshot.cloudEndpoints !== undefined;
  if (!listsRead) for (const id of Object.keys(memory.clinics)) groupFor(id);
  return groups;
}

/** Reads the optional `endpoints` list of a credential tag; anything malformed is ignored, not fatal. */
function taggedEndpoints(value: unknown): ExpectedEndpoint[] {
  if (!Array.isArray(value)) return [];
  const result: ExpectedEndpoint[] = [];
  for (const item of value) {
    if (typeof item === 'string') {
      result.push({ name: nameFromUrl(item), internalUrl: normalizeUrl(item) });
      continue;
    }
    const fields = (item ?? {}) as Record<string, unknown>;
    if (typeof fields.internal_url !== 'string') continue;
    const name = typeof fields.name === 'string' ? fields.name : nameFromUrl(fields.internal_url);
    const publicUrl = typeof fields.public_url === 'string' ? fields.public_url : undefined;
    result.push({
      name,
      internalUrl: normalizeUrl(fields.internal_url),
      ...(publicUrl ? { publicUrl } : {}),
    });
  }
  return result;
}

/** A readable endpoint name from an internal URL: its first host label (`rest-api` of rest-api.clinic1.internal). */
export function nameFromUrl(url: string): string {
  try {
    return new URL(url).hostname.split('.')[0] ?? url;
  } catch {
    return url;
  }
}
