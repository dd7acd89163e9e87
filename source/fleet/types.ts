import type { ClinicProbeResult } from '../store/probe-results.js';

/**
 * The fleet's data model: API snapshots (snapshot.ts) in, one ClinicHealth per clinic out. Kept apart from the poller and the
 * screen so the health rules are pure functions with table-driven tests.
 */

/** Worst first: the order the table sorts by status. */
export const clinicStatuses = ['offline', 'degraded', 'drift', 'unknown', 'healthy'] as const;
/** How a clinic is doing, one of clinicStatuses. */
export type ClinicStatus = (typeof clinicStatuses)[number];

/** An endpoint a clinic is expected to serve: its internal URL and, when published, its public cloud URL. */
export interface ExpectedEndpoint {
  name: string;
  internalUrl: string;
  publicUrl?: string;
}

/** What the tool remembers between runs about one clinic (ngrok lists only what is online). */
export interface ClinicMemory {
  name?: string;
  credentialIds: string[];
  /** Last time any agent session of the clinic was seen online (ISO 8601). */
  lastSeen?: string;
  /** When the clinic was first seen offline after being online, or first seen at all while offline. */
  downSince?: string;
  endpoints: ExpectedEndpoint[];
}

/** Everything the tool remembers between runs, by clinic id. */
export interface FleetMemory {
  version: 1;
  clinics: Record<string, ClinicMemory>;
}

/** Whether a service's public cloud endpoint exists and forwards where it should. */
export type CloudState = 'ok' | 'missing' | 'drift';

/** How one expected endpoint of a clinic is doing, on the agent and in the cloud. */
export interface EndpointHealth {
  name: string;
  internalUrl: string;
  /** Undefined while the agent endpoint list has not been read yet. */
  online: boolean | undefined;
  publicUrl?: string;
  /** Undefined when the service has no public URL. */
  cloud?: CloudState;
  cloudEndpointId?: string;
  /** Why the cloud state is not ok, for the detail view. */
  cloudNote?: string;
}

/** A live agent session, as the table and the detail view show it. */
export interface SessionSummary {
  id: string;
  credentialId: string;
  version: string;
  os: string;
  region: string;
  ip: string;
  startedAt: string;
}

/** One row of the fleet: a clinic's status, why, and its agent, endpoints and credentials. */
export interface ClinicHealth {
  id: string;
  name: string;
  status: ClinicStatus;
  /** One line for people: why the status is what it is. */
  reason: string;
  agent: {
    online: boolean;
    sessions: SessionSummary[];
    /** Sessions the clinic should have: 2 with a standby host (endpoint pooling), else 1. */
    expectedSessions: number;
    version: string;
    os: string;
    region: string;
    ip: string;
    /** Start of the oldest live session. */
    startedAt?: string;
    lastSeen?: string;
    downSince?: string;
  };
  endpoints: EndpointHealth[];
  /** The clinic's current credential (highest generation, then newest); undefined when none is listed. */
  credential?: { id: string; createdAt: string; ageDays: number | undefined; generation: number | undefined };
  /** Every credential tagged for the clinic (more than one during a rotation). */
  credentialIds: string[];
  /** Reserved TCP addresses tagged for the clinic. */
  reservedAddrs: string[];
  /**
   * The last stranger probe of its public endpoints from this laptop, with only the verdicts on URLs it still has;
   * undefined when never probed here or when every URL probed is gone.
   */
  probe?: ClinicProbeResult;
  /**
   * The last probe's verdicts on URLs that are no longer among its public endpoints (deleted, or moved since): the
   * detail view shows them marked as such; they count for nothing.
   */
  goneProbe?: ClinicProbeResult;
}

/** Every clinic's last stranger probe from this laptop, by clinic id (probe-results.json). */
export type FleetProbes = Record<string, ClinicProbeResult>;

/** What one computation of the model returns: the rows and the memory to keep for the next run. */
export interface FleetHealth {
  clinics: ClinicHealth[];
  memory: FleetMemory;
}
