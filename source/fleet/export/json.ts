import type { ProbeVerdict } from '../../store/probe-results.js';
import type { ClinicHealth } from '../types.js';

/** The `fleet --json` document, exactly the shape the README documents (null where a value is not known). */
export interface FleetJson {
  generated_at: string;
  clinics: {
    id: string;
    name: string;
    status: string;
    reason: string;
    agent: { online: boolean; sessions: number; version: string; region: string; last_seen: string | null };
    endpoints: {
      name: string;
      internal_url: string;
      online: boolean | null;
      public_url: string | null;
      /** null when the endpoint has no public URL. */
      cloud: 'ok' | 'missing' | 'drift' | null;
    }[];
    credential: { id: string; age_days: number | null } | null;
    /** The last stranger probe from this laptop; null when never probed here. */
    probe: {
      at: string;
      endpoints: { url: string; name: string | null; verdict: ProbeVerdict; detail: string }[];
    } | null;
  }[];
}

/** Builds the `--json` document. */
export function toFleetJson(clinics: ClinicHealth[], generatedAt: Date): FleetJson {
  return {
    generated_at: generatedAt.toISOString(),
    clinics: clinics.map((clinic) => ({
      id: clinic.id,
      name: clinic.name,
      status: clinic.status,
      reason: clinic.reason,
      agent: {
        online: clinic.agent.online,
        sessions: clinic.agent.sessions.length,
        version: clinic.agent.version,
        region: clinic.agent.region,
        last_seen: clinic.agent.lastSeen ?? null,
      },
      endpoints: clinic.endpoints.map((endpoint) => ({
        name: endpoint.name,
        internal_url: endpoint.internalUrl,
        online: endpoint.online ?? null,
        public_url: endpoint.publicUrl ?? null,
        cloud: endpoint.cloud ?? null,
      })),
      credential: clinic.credential
        ? { id: clinic.credential.id, age_days: clinic.credential.ageDays ?? null }
        : null,
      probe: clinic.probe
        ? {
            at: clinic.probe.at,
            endpoints: clinic.probe.endpoints.map((endpoint) => ({
              url: endpoint.url,
              name: endpoint.name ?? null,
              verdict: endpoint.verdict,
              detail: endpoint.detail,
            })),
          }
        : null,
    })),
  };
}
