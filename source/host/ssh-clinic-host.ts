import type { HostSpec } from '../spec/schema.js';
import type { ClinicHost, HostOpener } from './clinic-host.js';
import { connectHost, type HostConnection } from './connect.js';
import { type HostFacts, probeHost } from './facts.js';
import type { HostPrompter } from './prompts.js';
import { ngrokService, pushConfigAndRestart, readRemoteConfig, servesOtherConfig } from './service.js';
import { resolveSpecTarget } from './target.js';
import { startTemporaryAgent, stopTemporaryAgent } from './temporary-agent.js';
import { moveAside, writeFileAtomic } from './write-file.js';

export interface SshOpenerOptions {
  prompter: HostPrompter;
  knownHostsPath?: string;
  acceptNewHostKey?: boolean;
  /** --identity FILE, or the path remembered for this clinic in the local store. */
  identityFile?: string;
}

/** Builds the HostOpener every flow uses: SSH with host-key checking, then a probe of the host. */
export function sshHostOpener(options: SshOpenerOptions): HostOpener {
  return async (role, spec, signal) => {
    // The answers file's identity_file first, then --identity (or the remembered one), then ~/.ssh/config's.
    const identity = spec.identity_file ?? options.identityFile;
    const target = await resolveSpecTarget(identity ? { ...spec, identity_file: identity } : spec);
    const conn = await connectHost(target, {
      prompter: options.prompter,
      signal,
      ...(options.knownHostsPath ? { knownHostsPath: options.knownHostsPath } : {}),
      ...(options.acceptNewHostKey ? { acceptNewHostKey: true } : {}),
    });
    try {
      return sshClinicHost(role, spec, conn, await probeHost(conn, options.prompter));
    } catch (error) {
      await conn.close();
      throw error;
    }
  };
}

/** The ClinicHost operations over one probed SSH connection; every one acts on spec.config_path. */
function sshClinicHost(
  role: ClinicHost['role'],
  spec: HostSpec,
  conn: HostConnection,
  facts: HostFacts,
): ClinicHost {
  const service = ngrokService(conn, facts);
  const path = spec.config_path;
  return {
    role,
    spec,
    fingerprint: conn.hostKeyFingerprint,
    readConfig: () => readRemoteConfig(conn, facts, path),
    async pushConfig(content, status) {
      const result = await pushConfigAndRestart(conn, facts, path, content, { status });
      return { service: result.service === 'installed' ? 'installed' : 'restarted' };
    },
    writeConfig: async (content) => void (await writeFileAtomic(conn, facts, path, content, { mode: 0o600 })),
    checkConfig: () => service.configCheck(path),
    async serviceStatus() {
      const installed = await service.inspect();
      return servesOtherConfig(installed, path) ? 'other-config' : installed.state;
    },
    async ensureService() {
      const installed = await service.inspect();
      if (servesOtherConfig(installed, path)) {
        await service.reinstall(installed, path);
        return 'installed';
      }
      if (installed.state === 'running') return 'running';
      if (installed.state === 'not-installed') await service.install(path);
      await service.start();
      return installed.state === 'not-installed' ? 'installed' : 'started';
    },
    async restartService() {
      const installed = await service.inspect();
      if (servesOtherConfig(installed, path)) await service.reinstall(installed, path);
      else if (installed.state === 'not-installed') {
        await service.install(path);
        await service.start();
      } else await service.restart();
    },
    startTemporaryAgent: (content) => startTemporaryAgent(conn, facts, path, content),
    stopTemporaryAgent: () => stopTemporaryAgent(conn, facts, path),
    logs: (lines) => service.logs(lines, path),
    async removeService() {
      const { state } = await service.inspect();
      if (state === 'running') await service.stop();
      if (state !== 'not-installed') await service.uninstall();
    },
    removeConfig: () => moveAside(conn, facts, path),
    close: () => conn.close(),
  };
}
