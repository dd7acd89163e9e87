import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RotateDeps } from '../../flows/rotate/types.js';
import { buildAgentConfig, renderAgentConfig } from '../../source/agent-config/build.js';
import { agentMetadata } from '../../source/clinic-record/agent-metadata.js';
import { connectHost, type HostConnection } from '../../source/host/connect.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { sshHostOpener } from '../../source/host/ssh-clinic-host.js';
import { NgrokClient } from '../../source/ngrok/client.js';
import { formatTag } from '../../source/ngrok/tags.js';
import type { SimInit } from '../../source/sandbox/agent/env.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { loadAnswersFile } from '../../source/spec/load.js';
import type { ClinicSpec } from '../../source/spec/schema.js';
import type { AuditEntry } from '../../source/store/audit-log.js';
import { projectRoot } from '../helpers/cli.js';
import { startSandboxHostFixture, waitFor } from '../helpers/sandbox-host.js';
import { startSshd } from '../helpers/sshd.js';

/**
 * A clinic onboarded into the sandbox (emulator + sandbox host), the way onboarding leaves it: a service user, one
 * tagged credential carrying the host record, ngrok.yml pushed and the service running with every endpoint online.
 * Built directly from the adapters so the rotation tests do not depend on the onboarding flow.
 */
export interface SandboxClinic {
  emulator: Emulator;
  client: NgrokClient;
  apiKey: string;
  spec: ClinicSpec;
  sandbox: TestHost;
  oldToken: string;
  oldCredentialId: string;
  audit: AuditEntry[];
  deps(overrides?: Partial<RotateDeps>): RotateDeps;
  /** Every internal URL of the clinic. */
  urls: string[];
  close(): Promise<void>;
}

/** How the tests reach a clinic host: the in-process sandbox host, or real OpenSSH sshd. */
export interface TestHost {
  port: number;
  user: string;
  keyPath: string;
  knownHostsPath: string;
  configPath: string;
  root: string;
  connect(): Promise<HostConnection>;
  argvLog(): string[];
  close(): Promise<void>;
}

async function sandboxHost(connectUrl: string, init?: SimInit): Promise<TestHost> {
  const sandbox = await startSandboxHostFixture(connectUrl, init);
  return {
    port: sandbox.host.port,
    user: sandbox.host.user,
    keyPath: sandbox.host.clientKeyPath,
    knownHostsPath: sandbox.knownHostsPath,
    configPath: '/etc/ngrok/ngrok.yml',
    root: sandbox.host.root,
    connect: () => sandbox.connect(),
    argvLog: () => sandbox.host.argvLog(),
    close: () => sandbox.host.close(),
  };
}

async function sshdHost(connectUrl: string): Promise<TestHost> {
  const sshd = await startSshd({ connectUrl });
  const knownHostsPath = join(sshd.root, 'known_hosts');
  writeFileSync(knownHostsPath, `${sshd.knownHostsLine}\n`);
  const target = { address: '127.0.0.1', port: sshd.port, user: sshd.user, identityFile: sshd.keyPath };
  return {
    port: sshd.port,
    user: sshd.user,
    keyPath: sshd.keyPath,
    knownHostsPath,
    configPath: join(sshd.root, 'etc', 'ngrok', 'ngrok.yml'),
    root: '/',
    connect: () => connectHost(target, { knownHostsPath, prompter: headlessPrompter }),
    argvLog: () => sshd.argvLog(),
    close: () => sshd.stop(),
  };
}

/**
 * Starts the emulator and a host (sandbox by default, presenting `init`, or real sshd) and onboards clinic1
 * (pooled or not) onto it.
 */
export async function onboardSandboxClinic(options: {
  pooled: boolean;
  sshd?: boolean;
  init?: SimInit;
}): Promise<SandboxClinic> {
  const emulator = await startEmulator({ rateLimit: 0 });
  const apiKey = emulator.createApiKey();
  const client = new NgrokClient({ apiKey, baseUrl: emulator.url });
  const sandbox = options.sshd ? await sshdHost(emulator.url) : await sandboxHost(emulator.url, options.init);
  const base = await loadAnswersFile(join(projectRoot, 'assets/examples/clinic1.yml'));
  const spec: ClinicSpec = {
    ...base,
    agent: { ...base.agent, pooling: options.pooled },
    host: {
      ...base.host,
      address: '127.0.0.1',
      port: sandbox.port,
      user: sandbox.user,
      config_path: sandbox.configPath,
    },
  };
  const user = await client.serviceUsers.create({ name: 'clinic-tui/clinic1' });
  const host = {
    address: '127.0.0.1',
    port: sandbox.port,
    user: sandbox.user,
    config_path: spec.host.config_path,
  };
  const credential = await client.credentials.create({
    owner_id: user.id,
    acl: ['bind:*.clinic1.internal'],
    description: 'clinic1 agent',
    metadata: formatTag({ role: 'agent-credential', clinic: 'clinic1', generation: 1, host }),
  });
  const oldToken = credential.token!;
  // The opener onboarding and rotation use, trusting the test host's key and logging in with its client key.
  const openHost = sshHostOpener({
    prompter: headlessPrompter,
    knownHostsPath: sandbox.knownHostsPath,
    identityFile: sandbox.keyPath,
  });
  const onboarded = await openHost(
    { clinic: 'clinic1', role: 'primary', spec: spec.host },
    new AbortController().signal,
  );
  // As onboarding writes it: agent.metadata names the clinic, which every later root operation checks.
  const metadata = agentMetadata('clinic1', credential.id);
  await onboarded.pushConfig(
    renderAgentConfig(buildAgentConfig(spec, oldToken, { metadata })),
    () => undefined,
  );
  await onboarded.close();
  const urls = spec.services.map((s) => s.internal_url);
  await waitFor(() => servedUrls(emulator).size === urls.length);
  const audit: AuditEntry[] = [];
  return {
    emulator,
    client,
    apiKey,
    spec,
    sandbox,
    oldToken,
    oldCredentialId: credential.id,
    audit,
    urls,
    deps: (overrides = {}) => ({
      api: client,
      openHost,
      audit: (entries) => audit.push(...entries),
      timing: { onlineTimeoutMs: 15_000, pollMs: 100 },
      ...overrides,
    }),
    close: async () => {
      const stop = await sandbox.connect();
      await stop.exec('ngrok service stop; ngrok service uninstall').catch(() => undefined);
      await stop.close();
      await sandbox.close();
      await emulator.close();
    },
  };
}

/** Internal URLs that have at least one agent endpoint online right now, per the emulator. */
export function servedUrls(emulator: Emulator): Set<string> {
  return new Set(
    emulator.state.endpoints
      .all()
      .filter((e) => e.type === 'agent')
      .map((e) => String(e.url)),
  );
}

/**
 * Records, from the emulator's own endpoint store, every moment an agent endpoint appears or disappears, so a
 * test can compute the longest time any URL had zero sessions serving it (exact, not sampled).
 */
export function watchGaps(emulator: Emulator, urls: string[]) {
  const endpoints = emulator.state.endpoints;
  const originalAdd = endpoints.add.bind(endpoints);
  const originalRemove = endpoints.remove.bind(endpoints);
  const count = new Map(urls.map((url) => [url, 0]));
  for (const e of endpoints.all())
    if (e.type === 'agent') count.set(String(e.url), (count.get(String(e.url)) ?? 0) + 1);
  const downSince = new Map<string, number>();
  let longest = 0;
  const changed = (url: string, delta: number) => {
    if (!count.has(url)) return;
    const next = count.get(url)! + delta;
    count.set(url, next);
    if (next === 0) downSince.set(url, performance.now());
    else if (downSince.has(url)) {
      longest = Math.max(longest, performance.now() - downSince.get(url)!);
      downSince.delete(url);
    }
  };
  endpoints.add = (item) => {
    const added = originalAdd(item);
    if (item.type === 'agent') changed(String(item.url), +1);
    return added;
  };
  endpoints.remove = (id) => {
    const removed = originalRemove(id);
    if (removed.type === 'agent') changed(String(removed.url), -1);
    return removed;
  };
  return {
    /** The longest gap so far in ms (a URL still down counts up to now). */
    longestGapMs(): number {
      const open = [...downSince.values()].map((since) => performance.now() - since);
      return Math.round(Math.max(longest, ...open));
    },
    stop() {
      endpoints.add = originalAdd;
      endpoints.remove = originalRemove;
    },
  };
}

/** Everything the tests may scan for a token: the host's files and argv log. */
export function hostArgv(clinic: SandboxClinic): string {
  return clinic.sandbox.argvLog().join('\n');
}

/** The config file the sandbox host holds for a path such as /etc/ngrok/ngrok.yml. */
export function hostFile(clinic: SandboxClinic, path: string): string {
  return readFileSync(join(clinic.sandbox.root, path), 'utf8');
}
