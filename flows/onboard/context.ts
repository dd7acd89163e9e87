import type { ClinicHost } from '../../source/host/clinic-host.js';
import type { NgrokClient } from '../../source/ngrok/client.js';
import type { ClinicSpec, HostSpec } from '../../source/spec/schema.js';
import type { HostSessions } from '../host-sessions.js';
import type { DnsRecord } from '../presenter.js';
import type { AccountView } from './account.js';
import type { CredentialDecision } from './credential-decision.js';

export type Stage = 'cloud' | 'host' | 'all';

/** What one onboarding run works with. Steps share results through `state`; secrets live only in memory. */
export interface OnboardCtx {
  spec: ClinicSpec;
  stage: Stage;
  api: NgrokClient;
  account: AccountView;
  hosts: HostSessions;
  /** How long verify waits for the agent(s) to come online. */
  verifyTimeoutMs: number;
  /** Pause between verify polls. */
  pollMs: number;
  state: OnboardState;
}

/** Results handed from one step to the next within a run. */
export interface OnboardState {
  serviceUserId?: string;
  /** Reserved TCP address (host:port) per service name. */
  addrs: Map<string, string>;
  /** The credential the hosts will hold after this run, and its token (memory only, never stored or shown). */
  credential?: { id: string; token: string; created: boolean };
  /** The host stage's one decision about the authtoken (see credential-decision.ts), made once per run. */
  credentialDecision?: Promise<CredentialDecision>;
  /** The rendered config per host role (holds the token: memory only). */
  configs: Map<ClinicHost['role'], string>;
  /** What the service did on each host, for the summary. */
  service?: 'installed' | 'restarted' | 'running';
  dnsRecords: DnsRecord[];
}

/** A fresh, empty state. */
export function emptyState(): OnboardState {
  return { addrs: new Map(), configs: new Map(), dnsRecords: [] };
}

/** The clinic's hosts in order: primary, then the standby when there is one. */
export function clinicHostSpecs(spec: ClinicSpec): { role: ClinicHost['role']; spec: HostSpec }[] {
  return [
    { role: 'primary', spec: spec.host },
    ...(spec.standby_host ? [{ role: 'standby' as const, spec: spec.standby_host }] : []),
  ];
}

/** Connects to every host of the clinic (in parallel). */
export function openClinicHosts(ctx: OnboardCtx): Promise<ClinicHost[]> {
  return Promise.all(clinicHostSpecs(ctx.spec).map(({ role, spec }) => ctx.hosts.get(role, spec)));
}
