import { appendFileSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** The init system the simulated agent installs its service into, as the host it runs on presents itself. */
export type SimInit = 'systemd' | 'sysv' | 'openrc' | 'none';

/**
 * What the shim tells the simulated agent through its environment (never through ngrok.yml): where the sandbox
 * emulator listens, where the agent keeps its daemon's state, the sandbox root that absolute paths map into, the
 * init system of the host, and where that init system's files live.
 */
export interface SimEnv {
  connectUrl: string;
  home: string;
  root?: string;
  argvLog?: string;
  init: SimInit;
  /** Prefix of /etc/systemd/system, /etc/init.d and /var/log (the sandbox root, or a test harness's directory). */
  serviceRoot: string;
  /** The `ngrok` command as the host runs it (the shim), which the service definition starts. */
  self: string;
}

const inits: SimInit[] = ['systemd', 'sysv', 'openrc', 'none'];

/** Reads NGROK_SIM_* from the environment; the state directory is created on first use. */
export function simEnv(env: NodeJS.ProcessEnv = process.env): SimEnv {
  const home = env.NGROK_SIM_HOME ?? join(env.HOME ?? '/tmp', '.ngrok-sim');
  mkdirSync(home, { recursive: true });
  const init = inits.find((kind) => kind === env.NGROK_SIM_INIT) ?? 'none';
  return {
    connectUrl: env.NGROK_SIM_CONNECT_URL ?? 'http://127.0.0.1:4041',
    home,
    ...(env.NGROK_SIM_ROOT ? { root: env.NGROK_SIM_ROOT } : {}),
    ...(env.NGROK_SIM_ARGV_LOG ? { argvLog: env.NGROK_SIM_ARGV_LOG } : {}),
    init,
    serviceRoot: env.NGROK_SIM_SERVICE_ROOT ?? env.NGROK_SIM_ROOT ?? '',
    self: env.NGROK_SIM_SELF ?? 'ngrok',
  };
}

/** An absolute path from a config file, moved under the sandbox root when there is one. */
export function mapPath(env: SimEnv, path: string): string {
  if (!env.root || !isAbsolute(path) || path.startsWith(`${env.root}/`)) return path;
  return join(env.root, path);
}

/** A path as the host's own programs name it: the sandbox root taken off again (the reverse of mapPath). */
export function unmapPath(env: SimEnv, path: string): string {
  return env.root && path.startsWith(`${env.root}/`) ? path.slice(env.root.length) : path;
}

/** Appends this invocation's argv to the argv log, so tests can prove no secret was ever on a command line. */
export function recordArgv(env: SimEnv, args: string[]): void {
  if (env.argvLog) appendFileSync(env.argvLog, `${['ngrok', ...args].join(' ')}\n`);
}
