import { appendFileSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** The init system the simulated agent installs its service into, as the host it runs on presents itself. */
export type SimInit = 'systemd' | 'sysv' | 'openrc' | 'none';

/** host:port addresses the sandbox's stand-in services listen on, by the kind of endpoint they serve. */
export interface SimUpstreams {
  /** Serves every http(s) endpoint. */
  http?: string;
  /** Serves every tcp and tls endpoint. */
  tcp?: string;
}

/**
 * What the shim tells the simulated agent through its environment (never through ngrok.yml): where the sandbox
 * emulator listens, where the agent keeps its daemon's state, the sandbox root that absolute paths map into, the
 * init system of the host, where that init system's files live, and the upstreams it dials.
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
  /**
   * NGROK_SIM_UPSTREAMS (`http=127.0.0.1:PORT,tcp=127.0.0.1:PORT`), a sandbox simulation: the clinic services an
   * ngrok.yml names (e.g. the REST API on localhost:8080) do not run on a sandbox host, so the agent dials the
   * sandbox's stand-ins instead. Unset: it dials each endpoint's upstream as ngrok.yml writes it.
   */
  upstreams?: SimUpstreams;
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
    ...(env.NGROK_SIM_UPSTREAMS ? { upstreams: parseUpstreams(env.NGROK_SIM_UPSTREAMS) } : {}),
  };
}

/** `http=HOST:PORT,tcp=HOST:PORT` as SimUpstreams; other kinds are ignored. */
export function parseUpstreams(text: string): SimUpstreams {
  const upstreams: SimUpstreams = {};
  for (const pair of text.split(',')) {
    const [kind, address] = pair.split('=', 2).map((part) => part.trim());
    if (address && (kind === 'http' || kind === 'tcp')) upstreams[kind] = address;
  }
  return upstreams;
}

/** SimUpstreams as NGROK_SIM_UPSTREAMS spells them. */
export function formatUpstreams(upstreams: SimUpstreams): string {
  return Object.entries(upstreams)
    .map(([kind, address]) => `${kind}=${address}`)
    .join(',');
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
