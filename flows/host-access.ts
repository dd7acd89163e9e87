import type { HostSpec } from '../source/spec/schema.js';

/**
 * What flows need from a clinic host, as one small interface. flows/host-adapter.ts builds it from the SSH host
 * adapter (source/host); tests may too. Keeping the flows on this seam means they never touch ssh2 directly.
 */
export interface ClinicHost {
  role: 'primary' | 'standby';
  spec: HostSpec;
  /** The SHA256 fingerprint of the host key the connection verified. */
  fingerprint: string;
  /** The current ngrok.yml at spec.config_path, or undefined when there is none. Holds a secret: keep in memory. */
  readConfig(): Promise<string | undefined>;
  /** Config check, atomic write (backup kept), then service install+start or restart; restores on failure. */
  pushConfig(
    content: string,
    status: (text: string) => void,
  ): Promise<{ service: 'installed' | 'restarted' }>;
  serviceStatus(): Promise<'running' | 'stopped' | 'not-installed'>;
  /** Installs the service for spec.config_path when missing, starts it when stopped; says what it did. */
  ensureService(): Promise<'installed' | 'started' | 'running'>;
  /** The agent's last log lines, for a verify timeout. */
  logs(lines: number): Promise<string>;
  /** Stops and uninstalls the service (offboarding); no-op when not installed. */
  removeService(): Promise<void>;
  /** Moves the config aside as a backup (offboarding); returns the backup path, or undefined when absent. */
  removeConfig(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Opens a connection to one of the clinic's hosts (verifying its host key). */
export type HostOpener = (
  role: ClinicHost['role'],
  spec: HostSpec,
  signal: AbortSignal,
) => Promise<ClinicHost>;

/** Opens each host at most once per run and closes them all at the end. */
export class HostSessions {
  private readonly open = new Map<string, Promise<ClinicHost>>();

  constructor(
    private readonly opener: HostOpener,
    private readonly signal: AbortSignal,
  ) {}

  /** The connected host for a role (connecting on first use). */
  get(role: ClinicHost['role'], spec: HostSpec): Promise<ClinicHost> {
    let host = this.open.get(role);
    if (!host) {
      host = this.opener(role, spec, this.signal);
      host.catch(() => this.open.delete(role));
      this.open.set(role, host);
    }
    return host;
  }

  /** Closes every connection that was opened. */
  async closeAll(): Promise<void> {
    const hosts = await Promise.allSettled(this.open.values());
    this.open.clear();
    await Promise.allSettled(
      hosts.flatMap((host) => (host.status === 'fulfilled' ? [host.value.close()] : [])),
    );
  }
}
