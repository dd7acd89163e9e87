import { appendFileSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/**
 * What the shim tells the simulated agent through its environment (never through ngrok.yml): where the sandbox
 * emulator listens, where the agent keeps its service state, and the sandbox root that absolute paths map into.
 */
export interface SimEnv {
  connectUrl: string;
  home: string;
  root?: string;
  argvLog?: string;
}

/** Reads NGROK_SIM_* from the environment; the state directory is created on first use. */
export function simEnv(env: NodeJS.ProcessEnv = process.env): SimEnv {
  const home = env.NGROK_SIM_HOME ?? join(env.HOME ?? '/tmp', '.ngrok-sim');
  mkdirSync(home, { recursive: true });
  return {
    connectUrl: env.NGROK_SIM_CONNECT_URL ?? 'http://127.0.0.1:4041',
    home,
    ...(env.NGROK_SIM_ROOT ? { root: env.NGROK_SIM_ROOT } : {}),
    ...(env.NGROK_SIM_ARGV_LOG ? { argvLog: env.NGROK_SIM_ARGV_LOG } : {}),
  };
}

/** An absolute path from a config file, moved under the sandbox root when there is one. */
export function mapPath(env: SimEnv, path: string): string {
  if (!env.root || !isAbsolute(path) || path.startsWith(`${env.root}/`)) return path;
  return join(env.root, path);
}

/** Appends this invocation's argv to the argv log, so tests can prove no secret was ever on a command line. */
export function recordArgv(env: SimEnv, args: string[]): void {
  if (env.argvLog) appendFileSync(env.argvLog, `${['ngrok', ...args].join(' ')}\n`);
}
