import type { ClinicHost, HostOpener } from '../../source/host/clinic-host.js';
import type { NgrokClient } from '../../source/ngrok/client.js';
import type { Credential } from '../../source/ngrok/types.js';
import type { HostSpec } from '../../source/spec/schema.js';
import type { AuditEntry } from '../../source/store/audit-log.js';
import { stepsOver } from '../step.js';
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

/** One clinic host (the primary, or the standby) as rotation found it. */
export interface RotateHost {
  /** Where the host is, as the answers file or the clinic record names it. */
  spec: HostSpec;
  configPath: string;
  /** The open connection to it; every operation on the host goes through here. */
  remote: ClinicHost;
  /** The config the host runs now (it holds the old token: kept in memory for the rollback, never shown). */
  oldConfig: string;
}

/**
 * What the forward flow has done so far that the rollback must undo. Unlike step outputs (which the steps hand
 * each other), this record is written before each remote action, because a step that fails half-way hands
 * nothing on, yet what it did (an agent started, one of two hosts pushed, a credential made) must be undone.
 */
export interface RollbackRecord {
  /** The new credential's id, once ngrok answered the create (without an answer the rollback finds it by tag). */
  newCredentialId?: string;
  /** True from just before the temporary agent starts until it is stopped. */
  temporaryAgent: boolean;
  /** Hosts given the new ngrok.yml: the rollback writes their old one back. */
  pushed: Set<RotateHost>;
  /** Hosts whose service restarted on the new ngrok.yml: the rollback restarts them on the old one. */
  restarted: Set<RotateHost>;
}

/**
 * One rotation: what preparing it found, and the rollback's record. The phases hand the new credential (its
 * token in memory, nowhere else) and what they did on to each other as step outputs.
 */
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
  /**
   * The clinic's own credentials (its service user's, with its exact ACL) that no session uses: leftovers of an
   * interrupted rotation.
   */
  leftovers: Credential[];
  /** Other credentials tagged for this clinic, which the rotation never deletes (a tag is editable), and why. */
  kept: { id: string; why: string }[];
  /** True once the old credential is deleted: from then on it no longer works, whatever else fails. */
  revoked: boolean;
  undo: RollbackRecord;
  deps: RotateDeps;
}

/** The credential a rotation made, with its token (memory only). */
export interface NewCredential {
  id: string;
  token: string;
}

/** Defines a rotation step (its id, output and needs typed). */
export const rotateStep = stepsOver<RotateCtx>();

/** The outcome per clinic, as `--json` prints it. */
export interface RotationOutcome {
  clinic: string;
  result: 'rotated' | 'rolled_back' | 'skipped' | 'failed';
  old_credential: string | null;
  new_credential: string | null;
  gap_ms: number | null;
  error?: { message: string; hint?: string };
}
