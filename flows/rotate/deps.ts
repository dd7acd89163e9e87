import type { HostOpener } from '../../source/host/clinic-host.js';
import type { AuditEntry } from '../../source/store/audit-log.js';
import type { RotateApi, RotateDeps } from './types.js';

export interface RotateDepsOptions {
  api: RotateApi;
  /** Opens a clinic host: built by the command from the SSH flags (a recorded fingerprint pins the key). */
  openHost: HostOpener;
  audit(entries: AuditEntry[]): void;
}

/**
 * The real adapters behind a rotation: the clinic hosts, the API client, the audit log. Timing suits a real
 * agent, which reconnects within seconds of a restart.
 */
export function rotateDeps(options: RotateDepsOptions): RotateDeps {
  return {
    api: options.api,
    openHost: options.openHost,
    audit: options.audit,
    timing: { onlineTimeoutMs: 60_000, pollMs: 1_000 },
  };
}
