import { connectHost } from '../../source/host/connect.js';
import { probeHost } from '../../source/host/facts.js';
import type { HostPrompter } from '../../source/host/prompts.js';
import { resolveTarget } from '../../source/host/target.js';
import type { AuditEntry } from '../../source/store/audit-log.js';
import type { RotateApi, RotateDeps } from './types.js';

export interface RotateDepsOptions {
  api: RotateApi;
  prompter: HostPrompter;
  knownHostsPath?: string;
  acceptNewHostKey?: boolean;
  signal: AbortSignal;
  audit(entries: AuditEntry[]): void;
}

/**
 * The real adapters behind a rotation: SSH with host-key checking (a recorded fingerprint pins the key, an
 * unknown key is asked about or refused headless), the API client, the audit log. Timing suits a real agent,
 * which reconnects within seconds of a restart.
 */
export function rotateDeps(options: RotateDepsOptions): RotateDeps {
  return {
    api: options.api,
    // The recorded address may be a ~/.ssh/config alias (HostName, IdentityFile, ProxyJump), as in onboarding.
    connect: async (target) =>
      connectHost(await resolveTarget(target), {
        prompter: options.prompter,
        signal: options.signal,
        ...(options.knownHostsPath ? { knownHostsPath: options.knownHostsPath } : {}),
        ...(options.acceptNewHostKey ? { acceptNewHostKey: true } : {}),
      }),
    probe: (conn) => probeHost(conn, options.prompter),
    audit: options.audit,
    timing: { onlineTimeoutMs: 60_000, pollMs: 1_000 },
  };
}
