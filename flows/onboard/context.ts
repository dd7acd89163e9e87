import type { ClinicHost } from '../../source/host/clinic-host.js';
import type { NgrokClient } from '../../source/ngrok/client.js';
import type { Dialer } from '../../source/probe/route.js';
import type { ClinicSpec, HostSpec } from '../../source/spec/schema.js';
import type { ClinicProbeResult } from '../../source/store/probe-results.js';
import type { HostSessions } from '../host-sessions.js';
import { stepsOver } from '../step.js';
import type { AccountView } from './account.js';

export type Stage = 'cloud' | 'host' | 'all';

/**
 * What one onboarding run works with: its inputs and the shared connections (the account view, the hosts).
 * Steps hand their results on as outputs (see step.ts); secrets live only in memory.
 */
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
  /** Stranger probes: where they go (ngrok's public names, or the sandbox edge); none: the run does not probe. */
  probes?: StrangerProbes;
}

/** Where a run's stranger probes go, and where their verdicts are kept (for the fleet), open or not. */
export interface StrangerProbes {
  dialer: Dialer;
  record(clinic: string, summary: ClinicProbeResult): Promise<void>;
}

/** Defines an onboarding step (its id, output and needs typed). */
export const onboardStep = stepsOver<OnboardCtx>();

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
