import { parse as parseYaml } from 'yaml';
import { maskSecret } from '../agent-config/mask.js';
import { agentTooOld } from '../agent-config/version.js';
import { UserError } from '../errors.js';
import { connectHost, type HostConnection } from './connect.js';
import { type HostFacts, probeHost } from './facts.js';
import { type InstalledService, ngrokService } from './ngrok-service.js';
import type { HostPrompter } from './prompts.js';
import { describeTarget, type HostTarget } from './target.js';
import { readRemoteConfig } from './write-file.js';

/** One doctor check: passed, failed (with what to do), or skipped because an earlier one failed. */
export interface DoctorCheck {
  id: 'connection' | 'host-key' | 'privilege' | 'ngrok' | 'config' | 'service' | 'service-config' | 'logs';
  title: string;
  status: 'ok' | 'fail' | 'skipped';
  detail: string;
  hint?: string;
}

export interface DoctorInput {
  target: HostTarget;
  configPath: string;
  knownHostsPath?: string;
  acceptNewHostKey?: boolean;
  prompter: HostPrompter;
  /** Ctrl+C: stops connecting. */
  signal?: AbortSignal;
}

const titles: Record<DoctorCheck['id'], string> = {
  connection: 'SSH connection',
  'host-key': 'Host key',
  privilege: 'Root access',
  ngrok: 'ngrok agent',
  config: 'Agent config',
  service: 'ngrok service',
  'service-config': 'Service runs config',
  logs: 'Last log lines',
};

const privilegeText: Record<HostFacts['privilege'], string> = {
  root: 'logged in as root',
  sudo: 'via sudo (no password needed)',
  'sudo-password': 'via sudo with the password you typed',
};

/** Checks a clinic host from the connection to the agent's log; reads only, changes nothing but known_hosts. */
export async function runDoctor(input: DoctorInput): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const pass = (id: DoctorCheck['id'], detail: string) =>
    checks.push({ id, title: titles[id], status: 'ok', detail });
  const fail = (id: DoctorCheck['id'], error: unknown) => {
    const { message, hint } = error as { message: string; hint?: string };
    checks.push({ id, title: titles[id], status: 'fail', detail: message, ...(hint ? { hint } : {}) });
  };
  const skipRest = () => {
    for (const id of Object.keys(titles) as DoctorCheck['id'][]) {
      if (!checks.some((c) => c.id === id)) {
        checks.push({ id, title: titles[id], status: 'skipped', detail: 'needs the checks above' });
      }
    }
    const order = Object.keys(titles);
    return checks.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  };
  let conn: HostConnection;
  try {
    conn = await connectHost(input.target, {
      prompter: input.prompter,
      acceptNewHostKey: input.acceptNewHostKey ?? false,
      ...(input.knownHostsPath ? { knownHostsPath: input.knownHostsPath } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    });
  } catch (error) {
    const hostKeyProblem = error instanceof UserError && /host key|HOST IDENTIFICATION/i.test(error.message);
    if (hostKeyProblem) pass('connection', `${describeTarget(input.target)} answers`);
    fail(hostKeyProblem ? 'host-key' : 'connection', error);
    return skipRest();
  }
  try {
    const jump = input.target.proxyJump;
    pass(
      'connection',
      `logged in as ${describeTarget(input.target)}${jump ? ` through ${describeTarget(jump)}` : ''}`,
    );
    pass('host-key', `${conn.hostKeyFingerprint} ${input.target.hostKey ? 'matches the pin' : 'is trusted'}`);
    await checkHost(conn, input, pass, fail);
  } finally {
    await conn.close();
  }
  return skipRest();
}

async function checkHost(
  conn: HostConnection,
  input: DoctorInput,
  pass: (id: DoctorCheck['id'], detail: string) => void,
  fail: (id: DoctorCheck['id'], error: unknown) => void,
): Promise<void> {
  let facts: HostFacts;
  try {
    facts = await probeHost(conn, input.prompter);
  } catch (error) {
    const missingAgent = /ngrok/.test((error as Error).message);
    if (missingAgent) pass('privilege', 'not checked before the agent');
    fail(missingAgent ? 'ngrok' : 'privilege', error);
    return;
  }
  pass('privilege', privilegeText[facts.privilege]);
  pass(
    'ngrok',
    `version ${facts.ngrokVersion} at ${facts.ngrokPath} (${facts.os}/${facts.arch}, init ${facts.init})`,
  );
  const service = ngrokService(conn, facts);
  try {
    const text = await readRemoteConfig(conn, facts, input.configPath);
    if (text === undefined) {
      fail('config', {
        message: `${input.configPath} does not exist`,
        hint: 'Run clinic-tui onboard to push the config.',
      });
    } else {
      await service.configCheck(input.configPath);
      const tooOld = agentTooOld(facts.ngrokVersion, parseYaml(text));
      if (tooOld) {
        fail('config', {
          message: tooOld,
          hint: 'Update the agent on the host (`ngrok update`, or install the current release), then run doctor again.',
        });
      } else pass('config', `${input.configPath} is valid; authtoken ${maskedToken(text)}`);
    }
  } catch (error) {
    fail('config', {
      message: (error as Error).message,
      hint: 'Fix the answers and run clinic-tui onboard again.',
    });
  }
  try {
    const installed = await service.inspect();
    const { state } = installed;
    if (state === 'running') pass('service', `installed (${facts.init}) and running`);
    else
      fail('service', {
        message: state === 'stopped' ? `installed (${facts.init}) but not running` : 'not installed',
        hint:
          state === 'stopped'
            ? 'Look at the log lines below, then run sudo ngrok service start on the host.'
            : 'Run clinic-tui onboard to install it.',
      });
    if (state === 'not-installed') return;
    checkServiceConfig(installed, input.configPath, pass, fail);
    const logs = await service.logs(10, input.configPath);
    pass('logs', logs.trim() === '' ? '(empty)' : logs.trimEnd());
  } catch (error) {
    fail(/log/i.test((error as Error).message) ? 'logs' : 'service', error);
  }
}

// ngrok fixes --config into the service at install time (https://ngrok.com/docs/agent/#background-service): a
// service installed for another file never reads the one clinic-tui pushes.
function checkServiceConfig(
  installed: InstalledService,
  configPath: string,
  pass: (id: DoctorCheck['id'], detail: string) => void,
  fail: (id: DoctorCheck['id'], error: unknown) => void,
): void {
  const where = installed.definitionPath ? ` (${installed.definitionPath})` : '';
  if (installed.configPath === configPath) {
    pass('service-config', `${installed.configPath}${where}`);
    return;
  }
  fail('service-config', {
    message: installed.configPath
      ? `the service runs ${installed.configPath}${where}, not ${configPath}`
      : `the service names no --config${where}, so it does not read ${configPath}`,
    hint: `Run clinic-tui onboard: it reinstalls the service for ${configPath} (the old definition is backed up).`,
  });
}

function maskedToken(configText: string): string {
  try {
    const token = (parseYaml(configText) as { agent?: { authtoken?: unknown } } | null)?.agent?.authtoken;
    return typeof token === 'string' ? maskSecret(token) : '(none)';
  } catch {
    return '(unreadable)';
  }
}
