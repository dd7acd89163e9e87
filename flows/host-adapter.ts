import { ExternalError } from '../source/errors.js';
import { connectHost } from '../source/host/connect.js';
import { probeHost } from '../source/host/facts.js';
import { runPrivileged } from '../source/host/privileged.js';
import type { HostPrompter } from '../source/host/prompts.js';
import { ngrokService, pushConfigAndRestart, readRemoteConfig } from '../source/host/service.js';
import { shellQuote } from '../source/host/shell.js';
import { resolveSpecTarget } from '../source/host/target.js';
import { backupPathFor } from '../source/host/write-file.js';
import type { ClinicHost, HostOpener } from './host-access.js';

export interface SshOpenerOptions {
  prompter: HostPrompter;
  knownHostsPath?: string;
  acceptNewHostKey?: boolean;
  /** --identity FILE, or the path remembered for this clinic in the local store. */
  identityFile?: string;
}

/** Builds the HostOpener that flows use, from the SSH host adapter in source/host. */
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
      const facts = await probeHost(conn, options.prompter);
      const service = ngrokService(conn, facts);
      const path = spec.config_path;
      const host: ClinicHost = {
        role,
        spec,
        fingerprint: conn.hostKeyFingerprint,
        readConfig: () => readRemoteConfig(conn, facts, path),
        async pushConfig(content, status) {
          const result = await pushConfigAndRestart(conn, facts, path, content, { status });
          return { service: result.service === 'installed' ? 'installed' : 'restarted' };
        },
        serviceStatus: () => service.status(),
        async ensureService() {
          const state = await service.status();
          if (state === 'running') return 'running';
          if (state === 'not-installed') await service.install(path);
          await service.start();
          return state === 'not-installed' ? 'installed' : 'started';
        },
        logs: (lines) => service.logs(lines, path),
        async removeService() {
          const state = await service.status();
          if (state === 'running') await service.stop();
          if (state !== 'not-installed') await service.uninstall();
        },
        async removeConfig() {
          const backup = backupPathFor(path);
          const script = `if [ -f ${shellQuote(path)} ]; then mv -f ${shellQuote(path)} ${shellQuote(backup)}; echo moved; fi`;
          const result = await runPrivileged(conn, facts, script);
          if (result.code !== 0)
            throw new ExternalError(
              `could not remove ${path} on the host: ${result.stderr.trim() || `exit ${result.code}`}`,
            );
          return result.stdout.includes('moved') ? backup : undefined;
        },
        close: () => conn.close(),
      };
      return host;
    } catch (error) {
      await conn.close();
      throw error;
    }
  };
}
