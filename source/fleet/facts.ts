import { aclDifference } from '../clinic-record/ownership.js';
import { readClinicRecord } from '../clinic-record/record.js';
import { parseTag } from '../ngrok/tags.js';
import type { Credential, Endpoint, ReservedAddr, TunnelSession } from '../ngrok/types.js';
import { urlKey } from '../spec/url-normal.js';
import { exactSize } from './exact-size.js';
import { type Eventually, forwardTargets } from './policy-targets.js';
import type {
  AgentEndpointFact,
  CloudEndpointFact,
  CredentialFact,
  ReservedAddrFact,
  SessionFact,
} from './snapshot.js';

/**
 * Turns each listed API resource into the fact the fleet keeps of it (snapshot.ts), reading its tag and clinic
 * record once; a resource that is not a clinic's gives no fact.
 */

/** The session as the fleet keeps it. */
export function sessionFact(session: TunnelSession): SessionFact {
  return {
    id: session.id,
    credentialId: session.credential?.id ?? '',
    version: session.agent_version,
    os: session.os,
    region: session.region,
    ip: session.ip,
    startedAt: session.started_at,
  };
}

/** The agent endpoint as the fleet keeps it, with its URL as urlKey spells it and a name even when ngrok.yml gave none. */
export function agentEndpointFact(endpoint: Endpoint): AgentEndpointFact {
  const url = urlKey(endpoint.url);
  const sessionId = endpoint.tunnel_session?.id;
  return { name: endpoint.name || nameFromUrl(url), url, ...(sessionId ? { sessionId } : {}) };
}

/**
 * The credential as the fleet keeps it; undefined when it is not a clinic's agent credential. A credential whose
 * record cannot be read still counts for its clinic (sessions may use it), with nothing taken from the record. An
 * ACL other than the clinic's own is noted: anyone with the API key can widen it, and an empty one binds anything.
 */
export function credentialFact(credential: Credential): CredentialFact | undefined {
  const tag = parseTag(credential.metadata);
  if (tag?.role !== 'agent-credential' || !tag.clinic) return undefined;
  const record = readClinicRecord(credential.metadata);
  const generation = record?.generation ?? tag.generation;
  const aclNote = aclDifference(credential, tag.clinic);
  return {
    id: credential.id,
    clinic: tag.clinic,
    createdAt: credential.created_at,
    ...(generation !== undefined ? { generation } : {}),
    ...(record?.name ? { name: record.name } : {}),
    hasStandby: Boolean(record?.standby_host),
    endpoints: exactSize(
      (record?.endpoints ?? []).map((endpoint) => ({
        name: endpoint.name,
        internalUrl: urlKey(endpoint.internal_url),
        ...(endpoint.public_url ? { publicUrl: endpoint.public_url } : {}),
      })),
    ),
    ...(aclNote ? { aclNote } : {}),
  };
}

/**
 * The cloud endpoint as the fleet keeps it; undefined when it is not a clinic's cloud endpoint. A promise when its
 * policy is not JSON and the YAML parser has to load first (policy-targets.ts).
 */
export function cloudEndpointFact(endpoint: Endpoint): Eventually<CloudEndpointFact | undefined> {
  const tag = parseTag(endpoint.metadata);
  if (tag?.role !== 'cloud-endpoint' || !tag.clinic) return undefined;
  const clinic = tag.clinic;
  const fact = (targets: string[] | undefined): CloudEndpointFact => ({
    id: endpoint.id,
    url: endpoint.url,
    clinic,
    ...(tag.service ? { service: tag.service } : {}),
    ...judgeTargets(targets, clinic),
  });
  const targets = forwardTargets(endpoint.traffic_policy);
  return targets instanceof Promise ? targets.then(fact) : fact(targets);
}

/** The reserved address as the fleet keeps it; undefined when it is not tagged for a clinic. */
export function reservedAddrFact(addr: ReservedAddr): ReservedAddrFact | undefined {
  const tag = parseTag(addr.metadata);
  return tag?.role === 'reserved-addr' && tag.clinic ? { addr: addr.addr, clinic: tag.clinic } : undefined;
}

/** A readable endpoint name from an internal URL: its first host label (`rest-api` of rest-api.clinic1.internal). */
export function nameFromUrl(url: string): string {
  try {
    return new URL(url).hostname.split('.')[0] ?? url;
  } catch {
    return url;
  }
}

function judgeTargets(
  targets: string[] | undefined,
  clinicId: string,
): Pick<CloudEndpointFact, 'targets' | 'target' | 'note'> {
  if (targets === undefined) return { targets: [], note: 'policy cannot be parsed' };
  if (targets.length === 0) return { targets, note: 'policy has no forward-internal action' };
  // Patient data must never be forwarded into another clinic's network: the ACL is bind:*.<id>.internal.
  const suffix = `.${clinicId}.internal`;
  const outside = targets.find((url) => !hostOf(url).endsWith(suffix));
  const target = targets.find((url) => hostOf(url).endsWith(suffix)) ?? targets[0];
  return {
    targets: exactSize(targets),
    ...(target ? { target } : {}),
    ...(outside ? { note: `policy forwards outside the clinic to ${outside}` } : {}),
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
