import { parse as parseYaml } from 'yaml';
import { ExternalError } from '../errors.js';
import type { HostConnection } from './connect.js';
import type { HostFacts } from './facts.js';
import { runPrivileged } from './privileged.js';
import { shellQuote } from './shell.js';

export type ServiceState = 'running' | 'stopped' | 'not-installed';

/** Controls the ngrok agent's OS service through `ngrok service …`, always as root. */
export interface NgrokService {
  /** `ngrok config check`; an ExternalError carries the agent's own message. */
  configCheck(path: string): Promise<void>;
  isInstalled(): Promise<boolean>;
  install(path: string): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  uninstall(): Promise<void>;
  status(): Promise<ServiceState>;
  /** The last log lines: the file the config names in agent.log, else the journal (or the service's own log). */
  logs(lines?: number, configPath?: string): Promise<string>;
}

/** The service controller for one host. */
export function ngrokService(conn: HostConnection, facts: HostFacts): NgrokService {
  const ngrok = shellQuote(facts.ngrokPath);
  const run = async (args: string, what: string) => {
    const result = await runPrivileged(conn, facts, `${ngrok} ${args}`);
    if (result.code !== 0) {
      throw new ExternalError(`${what} failed on the host: ${remoteText(result)}`);
    }
    return result.stdout;
  };
  const service: NgrokService = {
    async configCheck(path) {
      await run(`config check --config ${shellQuote(path)}`, `ngrok config check of ${path}`);
    },
    async isInstalled() {
      return (await service.status()) !== 'not-installed';
    },
    async install(path) {
      await run(`service install --config ${shellQuote(path)}`, 'ngrok service install');
    },
    start: async () => void (await run('service start', 'ngrok service start')),
    restart: async () => void (await run('service restart', 'ngrok service restart')),
    stop: async () => void (await run('service stop', 'ngrok service stop')),
    uninstall: async () => void (await run('service uninstall', 'ngrok service uninstall')),
    status: () => serviceStatus(conn, facts),
    async logs(lines = 20, configPath) {
      const file = configPath ? await configuredLogFile(conn, facts, configPath) : undefined;
      const command = file
        ? `tail -n ${lines} ${shellQuote(file)}`
        : facts.init === 'systemd'
          ? `journalctl -u ngrok -n ${lines} --no-pager`
          : facts.init === 'launchd'
            ? `log show --style compact --last 1h --predicate 'process == "ngrok"' | tail -n ${lines}`
            : `tail -n ${lines} "$(${ngrok} service status | sed -n 's/^log: //p')"`;
      const result = await runPrivileged(conn, facts, command);
      if (result.code !== 0) throw new ExternalError(`could not read the agent log: ${remoteText(result)}`);
      return result.stdout;
    },
  };
  return service;
}

// systemd and launchd are asked directly; elsewhere the agent's own `service status` answers (the simulated agent
// has one: 0 running, 3 stopped, 4 not installed, as LSB status codes go).
async function serviceStatus(conn: HostConnection, facts: HostFacts): Promise<ServiceState> {
  const script =
    facts.init === 'systemd'
      ? 'if [ -f /etc/systemd/system/ngrok.service ]; then systemctl is-active --quiet ngrok && echo running || echo stopped; else echo not-installed; fi'
      : facts.init === 'launchd'
        ? 'line=$(launchctl list | grep -i ngrok); if [ -z "$line" ]; then echo not-installed; elif echo "$line" | grep -q "^-"; then echo stopped; else echo running; fi'
        : `${shellQuote(facts.ngrokPath)} service status >/dev/null 2>&1; case $? in 0) echo running;; 3) echo stopped;; 4) echo not-installed;; *) echo unknown;; esac`;
  const result = await runPrivileged(conn, facts, script);
  const state = result.stdout.trim();
  if (state === 'running' || state === 'stopped' || state === 'not-installed') return state;
  throw new ExternalError(`could not tell whether the ngrok service runs: ${remoteText(result)}`);
}

async function configuredLogFile(conn: HostConnection, facts: HostFacts, path: string) {
  const result = await runPrivileged(conn, facts, `cat ${shellQuote(path)}`);
  if (result.code !== 0) return undefined;
  try {
    const log = (parseYaml(result.stdout) as { agent?: { log?: unknown } } | null)?.agent?.log;
    return typeof log === 'string' && log.startsWith('/') ? log : undefined;
  } catch {
    return undefined;
  }
}

function remoteText(result: { code: number; stdout: string; stderr: string }): string {
  return result.stderr.trim() || result.stdout.trim() || `exit ${result.code}`;
}
