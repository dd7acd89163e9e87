import type { HostSpec } from '../spec/schema.js';
import type { HostAction } from './ownership.js';

export type { HostAction } from './ownership.js';

/**
 * Everything a flow may do on a clinic host, as one small interface. ssh-clinic-host.ts implements it over SSH;
 * flows import only these types, so they never build a shell script or touch ssh2. Every method that runs as root
 * does so through the host's privilege (root, sudo, or sudo with a password on stdin), and every secret (the config
 * holds the authtoken) travels on stdin into a root-only file, never on a command line. Before any of them touches
 * a file or the service, it checks the file is this clinic's ngrok.yml (see checkOwnership), so a host or path
 * from the account's clinic record can never steer root at another clinic's agent or another file.
 */
export interface ClinicHost {
  /** The clinic this host serves: the one its ngrok.yml must name. */
  clinic: string;
  role: 'primary' | 'standby';
  spec: HostSpec;
  /** The SHA256 fingerprint of the host key the connection verified. */
  fingerprint: string;
  /** The current ngrok.yml at spec.config_path, or undefined when there is none. Holds a secret: keep in memory. */
  readConfig(): Promise<string | undefined>;
  /**
   * Read-only: refuses (UserError) what the root operations for this action would refuse, because
   * spec.config_path or the service's config is not this clinic's ngrok.yml. Returns what a take-over
   * (--take-over-host) would replace, for the plan.
   */
  checkOwnership(action: HostAction): Promise<string | undefined>;
  /** Config check, atomic write (backup kept), then service install+start or restart; restores on failure. */
  pushConfig(
    content: string,
    status: (text: string) => void,
  ): Promise<{ service: 'installed' | 'restarted' }>;
  /** Atomic write of spec.config_path (root-owned, 0600, backup kept) that leaves the service alone. */
  writeConfig(content: string): Promise<void>;
  /** `ngrok config check` of spec.config_path as it is on the host now; rejects with the agent's message. */
  checkConfig(): Promise<void>;
  /** other-config: installed, but with a --config other than spec.config_path (it must be reinstalled). */
  serviceStatus(): Promise<'running' | 'stopped' | 'not-installed' | 'other-config'>;
  /**
   * Installs the service for spec.config_path when missing or installed for another config (reinstalled, the old
   * definition backed up), starts it when stopped; says what it did.
   */
  ensureService(): Promise<'installed' | 'started' | 'running'>;
  /** Restarts the service (reinstalling it when installed for another config), so it runs spec.config_path. */
  restartService(): Promise<void>;
  /**
   * Starts a second agent beside the service with this config (for pooled endpoints), detached from the SSH
   * session; its config sits next to spec.config_path, root-only.
   */
  startTemporaryAgent(content: string): Promise<void>;
  /** Stops the temporary agent and removes its files; safe to repeat, and a no-op when none runs. */
  stopTemporaryAgent(): Promise<void>;
  /** The agent's last log lines, for a verify timeout. */
  logs(lines: number): Promise<string>;
  /** Stops and uninstalls the service (offboarding); no-op when not installed. */
  removeService(): Promise<void>;
  /** Moves the config aside as a backup (offboarding); returns the backup path, or undefined when absent. */
  removeConfig(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Which host to open, and for which clinic. */
export interface HostRequest {
  clinic: string;
  role: ClinicHost['role'];
  spec: HostSpec;
  /**
   * The host-key fingerprint the clinic record remembers. The record is editable by anyone with the API key, so
   * this only narrows trust: a key that differs is refused, an unknown key still needs known_hosts or the
   * technician. (An answers file's spec.host_key is the technician's own pin and does trust.)
   */
  recordedHostKey?: string;
  /**
   * Where spec's address came from: `record` when it was read from the clinic record in the ngrok account (rotate
   * or offboard without an answers file). Nothing read from the account may add SSH trust, so such a host never
   * gets --accept-new-host-key: an unknown key needs the person at the keyboard, a pinned host.host_key from an
   * answers file, or `clinic-tui doctor --host … --accept-new-host-key`. Default `answers` (the technician's own).
   */
  addressFrom?: 'answers' | 'record';
}

/** Opens a connection to one of the clinic's hosts (verifying its host key). */
export type HostOpener = (request: HostRequest, signal: AbortSignal) => Promise<ClinicHost>;
