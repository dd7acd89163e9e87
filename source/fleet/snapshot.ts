import type { ExpectedEndpoint, SessionSummary } from './types.js';

/**
 * What the fleet keeps of each listed API resource: only the fields the health model reads, with tags and
 * policies parsed once when the resource is read. A 10,000-clinic account lists 70,000 resources; ngrok's
 * objects carry many more fields (and cloud endpoints their whole policy), which the fleet would otherwise hold
 * between refreshes. Resources that are not clinic-tui's (no tag for a clinic) are not kept at all.
 */

/** A live agent session: the SessionSummary the table shows. */
export type SessionFact = SessionSummary;

/** A live agent endpoint and the session serving it. */
export interface AgentEndpointFact {
  /** ngrok.yml's endpoint name, else the URL's first host label. */
  name: string;
  /** As urlKey (source/spec/url-normal.ts) spells it. */
  url: string;
  sessionId?: string;
}

/** A clinic's agent credential, with what its clinic record says about the clinic. */
export interface CredentialFact {
  id: string;
  clinic: string;
  createdAt: string;
  generation?: number;
  name?: string;
  /** A second host serves the same endpoints (endpoint pooling), so two sessions are expected. */
  hasStandby: boolean;
  /** The endpoints the clinic serves, from the record (empty when it lists none). */
  endpoints: ExpectedEndpoint[];
  /** How the ACL differs from the clinic's own (clinicAcl), when it does: the fleet reports drift. */
  aclNote?: string;
}

/** A clinic's public cloud endpoint and what its Traffic Policy forwards to. */
export interface CloudEndpointFact {
  id: string;
  url: string;
  clinic: string;
  service?: string;
  /** Forward-internal targets as urlKey spells them; empty when the policy cannot be parsed or has none. */
  targets: string[];
  /** The target inside this clinic (else the first one). */
  target?: string;
  /** What is wrong with the policy, if anything. */
  note?: string;
}

/** A reserved TCP address tagged for a clinic. */
export interface ReservedAddrFact {
  addr: string;
  clinic: string;
}

/**
 * What the API returned, as the fleet keeps it. A field is undefined until its list has been fetched
 * completely at least once, so the model never calls something "missing" that simply has not been read yet.
 */
export interface FleetSnapshot {
  sessions?: SessionFact[];
  agentEndpoints?: AgentEndpointFact[];
  cloudEndpoints?: CloudEndpointFact[];
  credentials?: CredentialFact[];
  reservedAddrs?: ReservedAddrFact[];
  /**
   * When the older of the last complete reads of cloudEndpoints and reservedAddrs started (ISO): a URL added after
   * it may be missing from them. Absent: the lists are as current as anything judged against them.
   */
  publicUrlsReadFrom?: string;
}
