import type { HostSpec } from '../spec/schema.js';
import type { ClinicHost, HostOpener } from './clinic-host.js';
import { connectHost, type HostConnection } from './connect.js';
import { type HostFacts, probeHost } from './facts.js';
import { checkConfigFile, checkService, type HostAction, type OwnershipRules } from './ownership.js';
import { promptingInTurn, promptTurns } from './prompt-turns.js';
import type { HostPrompter } from './prompts.js';
import { ngrokService, pushConfigAndRestart, readRemoteConfig, servesOtherConfig } from './service.js';
import { describeTarget, resolveSpecTarget } from './target.js';
import { startTemporaryAgent, stopTemporaryAgent } from './temporary-agent.js';
import { moveAside, writeFileAtomic } from './write-file.js';

export interface SshOpenerOptions {
  prompter: HostPrompter;
  knownHostsPath?: string;
  acceptNewHostKey?: boolean;
  /** --identity FILE, or the path remembered for this clinic in the local store. */
  identityFile?: string;
  /** --take-over-host: onboarding may replace another clinic's ngrok.yml and service on the host. */
  takeOverHost?: boolean;
}

/**
 * Builds the HostOpener every flow uses: SSH with host-key checking, then a probe of the host. The hosts one
 * opener opens (a primary and a standby, opened at once) ask their questions in turn, one at a time.
 */
export function sshHostOpener(options: SshOpenerOptions): HostOpener {
  const turn = promptTurns();
  const prompter = promptingInTurn(options.prompter, turn);
  return async ({ clinic, role, spec, recordedHostKey, addressFrom }, signal) => {
    // The answers file's identity_file first, then --identity (or the remembered one), then ~/.ssh/config's.
    const identity = spec.identity_file ?? options.identityFile;
    const target = await resolveSpecTarget(identity ? { ...spec, identity_file: identity } : spec);
    const conn = await connectHost(recordedHostKey ? { ...target, recordedHostKey } : target, {
      prompter: options.prompter,
      turn,
      signal,
      ...(options.knownHostsPath ? { knownHostsPath: options.knownHostsPath } : {}),
      ...(options.acceptNewHostKey ? { acceptNewHostKey: true } : {}),
      ...(addressFrom === 'record' ? { addressFromRecord: true } : {}),
    });
    try {
      const facts = await probeHost(conn, prompter);
      const rules: OwnershipRules = {
        clinic,
        where: describeTarget(conn.target),
        takeOver: options.takeOverHost ?? false,
        read: (path) => readRemoteConfig(conn, facts, path),
      };
      return sshClinicHost(role, spec, conn, facts, rules);
    } catch (error) {
      await conn.close();
      throw error;
    }
  };
}

/** The same opener for a run whose every host was read from the clinic record (offboarding). */
export function openingRecordedHosts(opener: HostOpener): HostOpener {
  return (request, signal) => opener({ ...request, addressFrom: 'record' }, signal);
}

/**
 * The ClinicHost operations over one probed SSH connection; every one acts on spec.config_path, and every one
 * that changes the host as root first checks that file (and the service's) is this clinic's.
 */
function sshClinicHost(
  role: ClinicHost['role'],
  spec: HostSpec,
  conn: HostConnection,
  facts: HostFacts,
  rules: OwnershipRules,
): ClinicHost {
  const service = ngrokService(conn, facts);
  const path = spec.config_path;
  /** The service as installed, once checked to run this clinic's config (or none). */
  const ownedService = async (action: HostAction) => {
    const installed = await service.inspect();
    await checkService(rules, installed, action);
    return installed;
  };
  const host: ClinicHost = {
    clinic: rules.clinic,
    role,
    spec,
    fingerprint: conn.hostKeyFingerprint,
    readConfig: () => readRemoteConfig(conn, facts, path),
    async checkOwnership(action) {
      const file = await checkConfigFile(rules, path, action);
      // Without an init system there is no service to judge; the service operations say so themselves.
      const running =
        facts.init === 'none' ? undefined : await checkService(rules, await service.inspect(), action);
      return [file, running].filter(Boolean).join('; ') || undefined;
    },
    async pushConfig(content, status) {
      await host.checkOwnership('push');
      const result = await pushConfigAndRestart(conn, facts, path, content, { status });
      return { service: result.service === 'installed' ? 'installed' : 'restarted' };
    },
    async writeConfig(content) {
      await checkConfigFile(rules, path, 'update');
      await writeFileAtomic(conn, facts, path, content, { mode: 0o600 });
    },
    checkConfig: () => service.configCheck(path),
    async serviceStatus() {
      const installed = await service.inspect();
      return servesOtherConfig(installed, path) ? 'other-config' : installed.state;
    },
    async ensureService() {
      await checkConfigFile(rules, path, 'update');
      const installed = await ownedService('update');
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
      await checkConfigFile(rules, path, 'update');
      const installed = await ownedService('update');
      if (servesOtherConfig(installed, path)) await service.reinstall(installed, path);
      else if (installed.state === 'not-installed') {
        await service.install(path);
        await service.start();
      } else await service.restart();
    },
    async startTemporaryAgent(content) {
      await checkConfigFile(rules, path, 'update');
      await startTemporaryAgent(conn, facts, path, content);
    },
    stopTemporaryAgent: () => stopTemporaryAgent(conn, facts, path),
    logs: (lines) => service.logs(lines, path),
    async removeService() {
      const { state } = await ownedService('remove');
      if (state === 'running') await service.stop();
      if (state !== 'not-installed') await service.uninstall();
    },
    async removeConfig() {
      await checkConfigFile(rules, path, 'remove');
      return moveAside(conn, facts, path);
    },
    close: () => conn.close(),
  };
  return host;
}
