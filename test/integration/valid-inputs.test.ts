import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOffboarding } from '../../flows/offboard/run.js';
import { rotateDeps } from '../../flows/rotate/deps.js';
import { rotateClinic } from '../../flows/rotate/run.js';
import { previewClinic } from '../../source/agent-config/preview.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { sshHostOpener } from '../../source/host/ssh-clinic-host.js';
import { lintText } from '../../source/lint/lint-file.js';
import { NgrokClient } from '../../source/ngrok/client.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { startSandboxHost } from '../../source/sandbox/host/server.js';
import { loadAnswersFile } from '../../source/spec/load.js';
import { serviceProtocol } from '../../source/spec/schema.js';
import { createJsonPresenter } from '../../source/ui/json-presenter.js';
import { type OnboardWorld, onboardInProcess } from '../flows/fixture.js';
import { runCli } from '../helpers/cli.js';
import { contractViolations } from '../helpers/openapi-contract.js';
import { type TestExtras, type ValidCase, validCases } from './valid-answers.js';
import { accountProblems, agentConfigProblems, policyProblems } from './valid-oracle.js';

// Valid answers files of unusual shapes (valid-answers.ts), checked against an oracle read from the answers alone
// (valid-oracle.ts): every file offline, and a selection through onboard → rerun → rotate → offboard against the
// emulator and the in-process sandbox host; one through the built CLI, as a user runs it.

const dir = mkdtempSync(join(tmpdir(), 'valid-inputs-'));
const placeholderHost = { address: '10.20.0.5', port: 2222, user: 'technician', identity_file: '/k' };
const placeholderExtras: TestExtras = {
  standby: { ...placeholderHost, address: '10.20.0.6' },
  reservedAddr: '1.tcp.ngrok.io:20000',
  hostKey: `SHA256:${'A'.repeat(43)}`,
};

/** The errors `clinic-tui lint` would report for a text, which must be recognised as the kind given. */
function lintErrors(text: string, kind: string): unknown[] {
  const linted = lintText(text);
  return [
    ...(linted.kind === kind ? [] : [`recognised as ${linted.kind}`]),
    ...linted.findings.filter((f) => f.severity === 'error'),
  ];
}

describe('every valid answers file renders what it asks for', () => {
  it.each(validCases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const path = join(dir, `offline-${c.file}`);
    writeFileSync(path, c.text(placeholderHost, placeholderExtras));
    const spec = await loadAnswersFile(path);
    const preview = previewClinic(spec);
    expect(agentConfigProblems(spec, preview.agentConfigText)).toEqual([]);
    expect(lintErrors(preview.agentConfigText, 'agent-config')).toEqual([]);
    const publicServices = spec.services.filter((service) => service.public);
    expect(preview.cloudEndpoints.map((e) => e.service)).toEqual(publicServices.map((s) => s.name));
    for (const endpoint of preview.cloudEndpoints) {
      const service = publicServices.find((s) => s.name === endpoint.service)!;
      expect(policyProblems(service, JSON.stringify(endpoint.policy))).toEqual([]);
      expect(lintErrors(JSON.stringify(endpoint.policy), 'policy')).toEqual([]);
    }
  });
});

/** One clinic's world, as the flow tests have it: an emulator (its own account), a sandbox host, the answers. */
type World = Omit<OnboardWorld, 'env'>;

async function startWorld(c: ValidCase): Promise<World> {
  const emulator = await startEmulator({ rateLimit: 0 });
  const apiKey = emulator.createApiKey();
  const host = await startSandboxHost({
    connectUrl: emulator.url,
    ...(c.needs?.user ? { user: c.needs.user } : {}),
  });
  const caseDir = mkdtempSync(join(dir, `${c.name}-`));
  const knownHostsPath = join(caseDir, 'known_hosts');
  const hostName = c.needs?.address ?? '127.0.0.1';
  writeFileSync(knownHostsPath, `${host.hostPublicKey.replace('127.0.0.1', hostName)}\n`);
  const extras: TestExtras = { hostKey: host.hostKeyFingerprint };
  if (c.needs?.reservedAddr) {
    const client = new NgrokClient({ apiKey, baseUrl: emulator.url });
    extras.reservedAddr = (await client.reservedAddrs.create({ description: 'reserved by hand' })).addr;
  }
  const answersPath = join(caseDir, c.file);
  const section = { address: hostName, port: host.port, user: host.user, identity_file: host.clientKeyPath };
  writeFileSync(answersPath, c.text(section, extras));
  return {
    emulator,
    host,
    apiKey,
    answersPath,
    knownHostsPath,
    stateDir: join(caseDir, 'state'),
    close: async () => {
      await host.close();
      await emulator.close();
    },
  };
}

/** Every API request the emulator logged that breaks the OpenAPI subset, and every error it answered. */
function apiProblems(emulator: Emulator): string[] {
  const log = emulator.state.requestLog.filter((entry) => !entry.path.startsWith('/_sandbox'));
  return [
    ...log.flatMap(contractViolations),
    ...log.filter((e) => (e.status ?? 0) >= 400).map((e) => `${e.method} ${e.path} answered ${e.status}`),
  ];
}

function hostConfig(world: World, c: ValidCase): string {
  return readFileSync(join(world.host.root, (c.configPath ?? '/etc/ngrok/ngrok.yml').slice(1)), 'utf8');
}

const tokenOf = (text: string) => /authtoken: (\S+)/.exec(text)?.[1] ?? 'missing';

// The life cycle in this process for the case that carries most: eight services of every protocol with every
// option, a region, a TCP address reserved by hand (it must survive offboarding). The rest is covered offline.
const lifeCycle = ['many-services'];

describe.concurrent('life cycle against the emulator and the sandbox host', { timeout: 150_000 }, () => {
  it.each(lifeCycle)('%s: onboard, rerun changes nothing, rotate, offboard removes it all', async (name) => {
    const c = validCases.find((v) => v.name === name)!;
    const world = await startWorld(c);
    try {
      const spec = await loadAnswersFile(world.answersPath);
      const first = await onboardInProcess(world);
      expect(first.summary.result, first.lines.join('\n')).toBe('converged');
      expect(accountProblems(spec, world.emulator.state)).toEqual([]);
      const pushed = hostConfig(world, c);
      expect(agentConfigProblems(spec, pushed)).toEqual([]);
      expect(lintErrors(pushed, 'agent-config')).toEqual([]);

      const before = world.emulator.state.requestLog.length;
      const again = await onboardInProcess(world);
      expect(again.summary.created).toEqual([]);
      const writes = world.emulator.state.requestLog.slice(before).filter((e) => e.method !== 'GET');
      expect(writes.map((e) => `${e.method} ${e.path}`)).toEqual([]);

      const api = new NgrokClient({ apiKey: world.apiKey, baseUrl: world.emulator.url });
      const signal = new AbortController().signal;
      const deps = rotateDeps({
        api,
        openHost: sshHostOpener({ prompter: headlessPrompter, knownHostsPath: world.knownHostsPath }),
        audit: () => undefined,
      });
      const rotated = await rotateClinic(
        { ...deps, timing: { onlineTimeoutMs: 30_000, pollMs: 100 } },
        { clinic: c.clinicId, identityFile: world.host.clientKeyPath, listener: () => undefined, signal },
      );
      expect(rotated.result, JSON.stringify(rotated.error)).toBe('rotated');
      expect(accountProblems(spec, world.emulator.state)).toEqual([]);
      const rotatedConfig = hostConfig(world, c);
      expect(tokenOf(rotatedConfig)).not.toBe(tokenOf(pushed));

      const lines: string[] = [];
      const out = { write: (text: string) => lines.push(text) > 0 } as unknown as NodeJS.WritableStream;
      const off = await runOffboarding({
        clinicId: c.clinicId,
        api,
        openHost: sshHostOpener({ prompter: headlessPrompter, knownHostsPath: world.knownHostsPath }),
        presenter: createJsonPresenter({ out, yes: true, hostPrompter: headlessPrompter }),
        signal,
        confirm: async () => true,
        identityFile: world.host.clientKeyPath,
      });
      expect(off.summary.result, lines.join('')).toBe('converged');
      // The wildcard domain is shared by the account's clinics; an address reserved by hand was never the clinic's.
      expect(world.emulator.state.counts()).toEqual({
        serviceUsers: 0,
        credentials: 0,
        reservedDomains: spec.services.some((s) => s.public && serviceProtocol(s) !== 'tcp') ? 1 : 0,
        reservedAddrs: c.needs?.reservedAddr ? 1 : 0,
        endpoints: 0,
        tunnelSessions: 0,
        agentIngresses: 0,
      });
      expect(apiProblems(world.emulator)).toEqual([]);
      const seen = [...first.lines, ...again.lines, ...lines, world.host.argvLog().join('\n')].join('\n');
      for (const token of [tokenOf(pushed), tokenOf(rotatedConfig)]) expect(seen).not.toContain(token);
    } finally {
      await world.close();
    }
  });

  it('through the built CLI: pinned host key, another login, a host name, a path with a space; offboard needs no --identity', async () => {
    const c = validCases.find((v) => v.name === 'pinned-key-other-user-hostname-path-region')!;
    const world = await startWorld(c);
    try {
      writeFileSync(world.knownHostsPath, ''); // host.host_key alone must be enough to trust the host
      const env = {
        NGROK_API_KEY: world.apiKey,
        NGROK_API_URL: world.emulator.url,
        CLINIC_TUI_HOME: world.stateDir,
        HOME: join(world.stateDir, '..'),
      };
      const trust = ['--known-hosts', world.knownHostsPath];
      // A dry run plans and leaves this laptop's state as it was: the key is remembered only by a converged run.
      const planned = await runCli(
        ['onboard', '--answers', world.answersPath, '--dry-run', '--json', ...trust],
        {
          env,
          timeoutMs: 120_000,
        },
      );
      expect(planned.code, planned.stderr).toBe(0);
      expect(existsSync(join(world.stateDir, 'hosts.json'))).toBe(false);
      const onboard = await runCli(['onboard', '--answers', world.answersPath, '--yes', '--json', ...trust], {
        env,
        timeoutMs: 120_000,
      });
      expect(onboard.code, onboard.stderr).toBe(0);
      expect(readFileSync(join(world.stateDir, 'hosts.json'), 'utf8')).toContain('pin1');
      expect(JSON.parse(onboard.stdout.trim().split('\n').at(-1)!)).toMatchObject({
        clinic: 'pin1',
        result: 'converged',
        host: { config_path: c.configPath },
      });
      const spec = await loadAnswersFile(world.answersPath);
      expect(accountProblems(spec, world.emulator.state)).toEqual([]);
      const pushed = hostConfig(world, c);
      expect(agentConfigProblems(spec, pushed)).toEqual([]);
      // The key came from the answers file; offboarding finds the host in the account and the key on this laptop.
      const offboard = await runCli(['offboard', 'pin1', '--yes', '--json', ...trust], {
        env,
        timeoutMs: 120_000,
      });
      expect(offboard.code, offboard.stdout + offboard.stderr).toBe(0);
      expect(world.emulator.state.counts()).toMatchObject({ credentials: 0, endpoints: 0, reservedAddrs: 0 });
      // A clinic that is gone leaves no key behind on this laptop.
      expect(readFileSync(join(world.stateDir, 'hosts.json'), 'utf8')).not.toContain('pin1');
      expect(apiProblems(world.emulator)).toEqual([]);
      const seen = [
        onboard.stdout,
        onboard.stderr,
        offboard.stdout,
        offboard.stderr,
        world.host.argvLog().join('\n'),
      ];
      expect(seen.join('\n')).not.toContain(tokenOf(pushed));
    } finally {
      await world.close();
    }
  });
});
