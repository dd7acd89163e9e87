import { closeSync, constants, fchmodSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { stateDir } from './paths.js';

/**
 * The audit log: one JSON line per change (`audit.log` in the state directory, mode 0600). Entries carry ids
 * and outcomes only; callers never pass a secret, and `subject`/`detail` texts come from Change objects, which
 * by contract hold none.
 */
export interface AuditEntry {
  clinic: string;
  /** e.g. `onboard.create`, `offboard.delete`. */
  action: string;
  /** The resource id, or a subject such as `host 10.20.0.5:/etc/ngrok/ngrok.yml` when there is no id. */
  resource: string;
  result: 'ok' | 'failed';
  detail?: string;
}

export interface AuditRecord extends AuditEntry {
  time: string;
  user: string;
}

/** The technician as `user@machine`. */
export function technician(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // Some containers have no passwd entry for the uid; the machine name still identifies the laptop.
  }
  return `${user}@${hostname()}`;
}

/** The audit log's path. */
export function auditLogPath(dir: string = stateDir()): string {
  return join(dir, 'audit.log');
}

/**
 * Appends entries to the audit log, one JSON line each. Synchronous on purpose: a change is logged before the
 * flow moves on, so even a killed process leaves a line for every change it made.
 */
export function appendAudit(entries: AuditEntry[], path: string = auditLogPath()): void {
  if (entries.length === 0) return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const user = technician();
  const time = new Date().toISOString();
  const lines = entries.map((entry) => JSON.stringify({ time, user, ...entry } satisfies AuditRecord));
  // Never through a symbolic link (it could point anywhere), and 0600 even when the file was made wider before.
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
      0o600,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOOP') throw error;
    throw new UserError(
      `${path} is a symbolic link; clinic-tui writes its audit log only to a plain file.`,
      'Remove the link (or move it aside) and run the command again.',
    );
  }
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, `${lines.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
}
