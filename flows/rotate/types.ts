import type { ClinicHost, HostOpener } from '../../source/host/clinic-host.js';
import type { NgrokClient } from '../../source/ngrok/client.js';
import type { Credential } from '../../source/ngrok/types.js';
import type { HostSpec } from '../../source/spec/schema.js';
import type { AuditEntry } from '../../source/store/audit-log.js';
import type { HostConfigFacts } from './agent-config.js';

/** The parts of the API client rotation uses (narrow, so tests can wrap them to inject failures). */
export type RotateApi = Pick<NgrokClient, 'credentials' | 'tunnelSessions' | 'endpoints'>;

/** Everything a rotation needs from the outside world, injected so tests run against the sandbox. */
export interface RotateDeps {
  api: RotateApi;
  /** Opens a clinic host (verifying its host key), the same way onboarding and offboarding do. */
  openHost: HostOpener;
  /** Appends audit lines (the audit log adds time and user@machine); never given a secret. */
  audit(entries: AuditEntry[]): void;
  /** How long to wait for a session with every endpoint, and how often to look. */
  timing: { onlineTimeoutMs: number; pollMs: number };
}

/** A temporary second agent that serves the clinic while its service restarts (pooled clinics only). */
export interface TemporaryAgent {
  credentialId: string;
  /** The session it holds, once seen serving every endpoint. */
  session?: string;
}

/** One clinic host (the primary, or the standby) as rotation found it. */
export interface RotateHost {
  /** Where the host is, as the answers file or the clinic record names it. */
  spec: HostSpec;
  configPath: string;
  /** The open connection to it; every operation on the host goes through here. */
  remote: ClinicHost;
  /** The config the host runs now (it holds the old token: kept in memory for the rollback, never shown). */
  oldConfig: string;
  /** Set once the new config is on this host, so the rollback knows to restore it. */
  pushed?: boolean;
  /** Set once its service was restarted on the new config, so the rollback restarts it on the old one. */
  restarted?: boolean;
}

/** The state of one rotation, filled in phase by phase. The new token lives here, in memory, and nowhere else. */
export interface RotateCtx {
  clinic: string;
  hosts: RotateHost[];
  /** Every endpoint URL in the host's config, and whether they pool. */
  config: HostConfigFacts;
  oldCredential: Credential;
  /** The service user that owns the clinic's credentials (and so its agent endpoints). */
  ownerId: string;
  /** Generation of the old credential; the new one gets +1. */
  generation: number;
  /** True when the clinic had a session serving every endpoint before the rotation (the rollback waits for it). */
  wasOnline: boolean;
  /** Credentials tagged for this clinic that no session uses: leftovers of an interrupted rotation. */
  leftovers: Credential[];
  newCredential?: { id: string; token: string };
  temporaryAgent?: TemporaryAgent;
  /** Longest time an endpoint had no serving session during the switch, as observed through the API. */
  gapMs?: number;
  deps: RotateDeps;
}

/** The outcome per clinic, as `--json` prints it. */
export interface RotationOutcome {
  clinic: string;
  result: 'rotated' | 'rolled_back' | 'skipped' | 'failed';
  old_credential: string | null;
  new_credential: string | null;
  gap_ms: number | null;
  error?: { message: string; hint?: string };
}
