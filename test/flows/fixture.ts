import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runOffboarding } from '../../flows/offboard/run.js';
import type { Stage, StrangerProbes } from '../../flows/onboard/context.js';
import { runOnboarding } from '../../flows/onboard/run.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { sshHostOpener } from '../../source/host/ssh-clinic-host.js';
import { NgrokClient } from '../../source/ngrok/client.js';
import type { SimInit } from '../../source/sandbox/agent/env.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { type SandboxHost, startSandboxHost } from '../../source/sandbox/host/server.js';
import { loadAnswersFile } from '../../source/spec/load.js';
import { appendAudit } from '../../source/store/audit-log.js';
import { fileCheckpointStore } from '../../source/store/checkpoints.js';
import { createJsonPresenter } from '../../source/ui/json-presenter.js';

/** One clinic's world for flow tests: an API emulator, a sandbox host, an answers file, and a state directory. */
export interface OnboardWorld {
  emulator: Emulator;
  host: SandboxHost;
  apiKey: string;
  answersPath: string;
  knownHostsPath: string;
  stateDir: string;
  /** Environment for a CLI child process. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts an emulator (with the given randomness for the choices ngrok's docs leave open) and a sandbox host
 * (presenting the given init system, systemd by default), and writes the guide's clinic (retargeted at the
 * sandbox) as answers.
 */
export async function startWorld(
  options: { standby?: boolean; init?: SimInit; random?: () => number } = {},
): Promise<OnboardWorld> {
  const emulator = await startEmulator({
    rateLimit: 0,
    ...(options.random ? { random: options.random } : {}),
  });
  const apiKey = emulator.createApiKey();
  const hostOptions = { connectUrl: emulator.url, ...(options.init ? { init: options.init } : {}) };
  const host = await startSandboxHost(hostOptions);
  const standby = options.standby ? await startSandboxHost(hostOptions) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'onboard-world-'));
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(
    knownHostsPath,
    `${[host, standby].flatMap((h) => (h ? [h.hostPublicKey] : [])).join('\n')}\n`,
  );
  const spec = await loadAnswersFile(join(import.meta.dirname, '../../assets/examples/clinic1.yml'));
  const hostOf = (h: SandboxHost) => ({
    address: '127.0.0.1',
    port: h.port,
    user: h.user,
    config_path: '/etc/ngrok/ngrok.yml',
    identity_file: h.clientKeyPath,
  });
  const answers = {
    ...spec,
    host: hostOf(host),
    ...(standby ? { standby_host: hostOf(standby), agent: { pooling: true } } : {}),
  };
  const answersPath = join(dir, 'clinic1.yml');
  writeFileSync(answersPath, stringify(answers));
  const stateDir = join(dir, 'state');
  return {
    emulator,
    host,
    apiKey,
    answersPath,
    knownHostsPath,
    stateDir,
    env: { NGROK_API_KEY: apiKey, NGROK_API_URL: emulator.url, CLINIC_TUI_HOME: stateDir },
    ...(standby ? { standby } : {}),
    async close() {
      await Promise.allSettled([host.close(), standby?.close(), emulator.close()]);
    },
  } as OnboardWorld;
}

/** Runs onboarding in this process (as the CLI would headless with --json --yes) and captures every output line. */
export async function onboardInProcess(
  world: Pick<OnboardWorld, 'apiKey' | 'emulator' | 'answersPath' | 'knownHostsPath' | 'stateDir'>,
  options: {
    stage?: Stage;
    dryRun?: boolean;
    signal?: AbortSignal;
    onLine?: (line: string) => void;
    takeOverHost?: boolean;
    probes?: StrangerProbes;
    /** Runs after the plan, before the apply: another run making what this one planned to create. */
    beforeApply?: () => Promise<void>;
  } = {},
) {
  const lines: string[] = [];
  const out = {
    write: (text: string) => {
      const added = text.trimEnd().split('\n');
      lines.push(...added);
      for (const line of added) options.onLine?.(line);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  const api = new NgrokClient({ apiKey: world.apiKey, baseUrl: world.emulator.url });
  const presenter = createJsonPresenter({ out, yes: true, hostPrompter: headlessPrompter });
  const { beforeApply } = options;
  if (beforeApply) {
    const confirm = presenter.confirmPlan.bind(presenter);
    presenter.confirmPlan = async (review) => {
      await beforeApply();
      return confirm(review);
    };
  }
  const run = await runOnboarding({
    spec: await loadAnswersFile(world.answersPath),
    stage: options.stage ?? 'all',
    dryRun: options.dryRun ?? false,
    api,
    openHost: sshHostOpener({
      prompter: headlessPrompter,
      knownHostsPath: world.knownHostsPath,
      ...(options.takeOverHost ? { takeOverHost: true } : {}),
    }),
    presenter,
    signal: options.signal ?? new AbortController().signal,
    checkpoints: fileCheckpointStore(join(world.stateDir, 'checkpoints')),
    audit: (entries) => appendAudit(entries, join(world.stateDir, 'audit.log')),
    verifyTimeoutMs: 20_000,
    pollMs: 100,
    ...(options.probes ? { probes: options.probes } : {}),
  });
  return { ...run, lines, requests: api.requestCount };
}

/** Runs offboarding in this process, headless, with the host found from the clinic record in the account. */
export async function offboardInProcess(world: OnboardWorld) {
  const lines: string[] = [];
  const out = {
    write: (text: string) => {
      lines.push(...text.trimEnd().split('\n'));
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  const run = await runOffboarding({
    clinicId: 'clinic1',
    api: new NgrokClient({ apiKey: world.apiKey, baseUrl: world.emulator.url }),
    openHost: sshHostOpener({ prompter: headlessPrompter, knownHostsPath: world.knownHostsPath }),
    presenter: createJsonPresenter({ out, yes: true, hostPrompter: headlessPrompter }),
    signal: new AbortController().signal,
    confirm: async () => true,
    identityFile: world.host.clientKeyPath,
    audit: (entries) => appendAudit(entries, join(world.stateDir, 'audit.log')),
  });
  return { ...run, lines };
}
