import type { ClinicHost, HostOpener } from '../source/host/clinic-host.js';
import type { HostSpec } from '../source/spec/schema.js';

/** Opens each of one clinic's hosts at most once per run and closes them all at the end. */
export class HostSessions {
  private readonly open = new Map<string, Promise<ClinicHost>>();

  constructor(
    private readonly opener: HostOpener,
    private readonly signal: AbortSignal,
    private readonly clinic: string,
  ) {}

  /** The connected host for a role (connecting on first use); recordedHostKey as HostRequest says. */
  get(role: ClinicHost['role'], spec: HostSpec, recordedHostKey?: string): Promise<ClinicHost> {
    let host = this.open.get(role);
    if (!host) {
      const request = { clinic: this.clinic, role, spec, ...(recordedHostKey ? { recordedHostKey } : {}) };
      host = this.opener(request, this.signal);
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
