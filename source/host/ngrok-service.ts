import { parse as parseYaml } from 'yaml';
import { maskSecret } from '../agent-config/mask.js';
import { ExternalError } from '../errors.js';
import type { HostConnection } from './connect.js';
import type { HostFacts } from './facts.js';
import {
  type InstalledService,
  inspectServiceScript,
  parseInspection,
  unknownInitSystem,
} from './init-system.js';
import { runPrivileged } from './privileged.js';
import { shellQuote } from './shell.js';
import { backupPathFor } from './write-file.js';

export type ServiceState = InstalledService['state'];
export type { InstalledService } from './init-system.js';

/**
 * Controls the ngrok agent's OS service, always as root: `ngrok service install|start|stop|restart|uninstall`
 * (https://ngrok.com/docs/agent/cli/#ngrok-service) to change it, the host's init system to read it.
 */
export interface NgrokService {
  /** `ngrok config check`; an ExternalError carries the agent's own message. */
  configCheck(path: string): Promise<void>;
  install(path: string): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  uninstall(): Promise<void>;
  /** State, definition file and installed --config, from the init system. */
  inspect(): Promise<InstalledService>;
  status(): Promise<ServiceState>;
  /**
   * Reinstalls the service for configPath (the config is fixed in at install time): stop, back up the definition,
   * uninstall, install, start. Returns the backup's path.
   */
  reinstall(installed: InstalledService, configPath: string): Promise<string | undefined>;
  /** The last log lines: the file the config names in agent.log, else the init system's log. */
  logs(lines?: number, configPath?: string): Promise<string>;
}

/** The service controller for one host. */
export function ngrokService(conn: HostConnection, facts: HostFacts): NgrokService {
  const ngrok = shellQuote(facts.ngrokPath);
  // Commands that change the service are untimed: abandoned on a timeout, one could still finish after a rollback.
  const run = async (args: string, what: string, changesService = true) => {
    const result = await runPrivileged(conn, facts, `${ngrok} ${args}`, {
      purpose: what,
      untimed: changesService,
    });
    if (result.code !== 0) {
      throw new ExternalError(`${what} failed on the host: ${remoteText(result)}`);
    }
    return result.stdout;
  };
  const service: NgrokService = {
    async configCheck(path) {
      await run(`config check --config ${shellQuote(path)}`, `ngrok config check of ${path}`, false);
    },
    async install(path) {
      await run(`service install --config ${shellQuote(path)}`, 'ngrok service install');
    },
    start: async () => void (await run('service start', 'ngrok service start')),
    restart: async () => void (await run('service restart', 'ngrok service restart')),
    stop: async () => void (await run('service stop', 'ngrok service stop')),
    uninstall: async () => void (await run('service uninstall', 'ngrok service uninstall')),
    async inspect() {
      if (facts.init === 'none') throw unknownInitSystem();
      const result = await runPrivileged(conn, facts, inspectServiceScript(facts), {
        purpose: 'reading the ngrok service state',
      });
      const installed = result.code === 0 ? parseInspection(facts.init, result.stdout) : undefined;
      if (!installed) {
        throw new ExternalError(`could not tell whether the ngrok service runs: ${remoteText(result)}`);
      }
      return installed;
    },
    status: async () => (await service.inspect()).state,
    async reinstall(installed, configPath) {
      if (installed.state === 'running') await service.stop();
      const backup = installed.definitionPath
        ? await backUp(conn, facts, installed.definitionPath)
        : undefined;
      await service.uninstall();
      await service.install(configPath);
      await service.start();
      return backup;
    },
    async logs(lines = 20, configPath) {
      const file = configPath ? await configuredLogFile(conn, facts, configPath) : undefined;
      const command = file
        ? `tail -n ${lines} ${shellQuote(file)}`
        : await initLogCommand(service, facts, lines);
      const result = await runPrivileged(conn, facts, command, { purpose: 'reading the agent log' });
      if (result.code !== 0) throw new ExternalError(`could not read the agent log: ${remoteText(result)}`);
      return maskTokens(result.stdout);
    },
  };
  return service;
}

// The service "sends logs to the OS's native logging service" (https://ngrok.com/docs/agent/#background-service):
// the journal, the unified log, or for init scripts the file the script names, else syslog.
async function initLogCommand(service: NgrokService, facts: HostFacts, lines: number): Promise<string> {
  if (facts.init === 'systemd') return `journalctl -u ngrok.service -n ${lines} --no-pager`;
  if (facts.init === 'launchd') {
    return `log show --style compact --last 1h --predicate 'process == "ngrok"' | tail -n ${lines}`;
  }
  const named = (await service.inspect()).logFiles;
  if (named.length > 0) return `tail -q -n ${lines} ${named.map(shellQuote).join(' ')}`;
  return [
    'for f in /var/log/syslog /var/log/messages; do',
    `  if [ -f "$f" ]; then grep -h ngrok "$f" | tail -n ${lines}; exit 0; fi`,
    'done',
    'echo "no syslog file (/var/log/syslog, /var/log/messages)" >&2; exit 1',
  ].join('\n');
}

// The definition is kept beside itself, root-only (not executable, so no init system runs the copy).
async function backUp(conn: HostConnection, facts: HostFacts, path: string): Promise<string> {
  const backup = backupPathFor(path);
  const result = await runPrivileged(
    conn,
    facts,
    `cp ${shellQuote(path)} ${shellQuote(backup)} && chmod 600 ${shellQuote(backup)}`,
    { purpose: `backing up ${path}` },
  );
  if (result.code !== 0) throw new ExternalError(`could not back up ${path}: ${remoteText(result)}`);
  return backup;
}

async function configuredLogFile(conn: HostConnection, facts: HostFacts, path: string) {
  const result = await runPrivileged(conn, facts, `cat ${shellQuote(path)}`, {
    purpose: `reading ${path}`,
  });
  if (result.code !== 0) return undefined;
  try {
    const log = (parseYaml(result.stdout) as { agent?: { log?: unknown } } | null)?.agent?.log;
    return typeof log === 'string' && log.startsWith('/') ? log : undefined;
  } catch {
    return undefined;
  }
}

// The agent's own errors can echo a token (this run's or an older one), and these lines reach
// the screen and tickets: mask anything shaped like an ngrok authtoken or API key (digits_letters).
function maskTokens(text: string): string {
  return text.replace(/\b[0-9A-Za-z]{2,}_[0-9A-Za-z]{20,}\b/g, (token) => maskSecret(token));
}

function remoteText(result: { code: number; stdout: string; stderr: string }): string {
  return result.stderr.trim() || result.stdout.trim() || `exit ${result.code}`;
}
