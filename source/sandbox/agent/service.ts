import { spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from './config.js';
import { mapPath, type SimEnv, unmapPath } from './env.js';
import {
  configFromDefinition,
  defaultLogPath,
  definitionPath,
  pidPath,
  renderDefinition,
} from './init-files.js';

/**
 * `ngrok service install|start|stop|restart|uninstall` (https://ngrok.com/docs/agent/cli/#ngrok-service): install
 * writes the init system's definition with --config fixed into it; start runs `ngrok start --all` with the config
 * that definition names (https://ngrok.com/docs/agent/#background-service), as the init system would.
 */

/** A failed `ngrok service` command: message for stderr and the exit code. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The log file of the service: agent.log from the config when it names a file, else the init system's log. */
export function serviceLogPath(env: SimEnv, configPath: string): string {
  try {
    const log = loadConfig(configPath).log;
    if (log && log !== 'stdout' && log !== 'stderr') return mapPath(env, log);
  } catch {
    // An unreadable config is reported by start; the default log still works.
  }
  return defaultLogPath(env);
}

function installedDefinition(env: SimEnv): string | undefined {
  const path = definitionPath(env);
  return path && existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function runningPid(env: SimEnv): number | undefined {
  if (!existsSync(pidPath(env))) return undefined;
  const pid = Number(readFileSync(pidPath(env), 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

function noServiceSystem(): ServiceError {
  return new ServiceError('no service system detected on this host (sandbox simulation)');
}

/** `ngrok service install --config PATH`: checks the config, writes the definition; refuses a second install. */
export function install(env: SimEnv, configPath: string): string {
  const existing = definitionPath(env);
  if (!existing) throw noServiceSystem();
  if (existsSync(existing)) throw new ServiceError(`Init already exists: ${unmapPath(env, existing)}`);
  loadConfig(configPath);
  const definition = renderDefinition(env, unmapPath(env, configPath))!;
  mkdirSync(dirname(definition.path), { recursive: true });
  writeFileSync(definition.path, definition.text);
  chmodSync(definition.path, definition.mode);
  return 'ngrok service installed (sandbox simulation)';
}

/** `ngrok service start`: launches the daemon in its own session (survives the SSH session) and waits until it runs. */
export async function start(env: SimEnv, agentArgv: string[]): Promise<string> {
  const definition = installedDefinition(env);
  if (definition === undefined) throw new ServiceError('ngrok service is not installed');
  if (runningPid(env)) return 'ngrok service is already running';
  // An init system runs one instance of a service: a start while another is starting joins it
  // (https://www.freedesktop.org/software/systemd/man/latest/systemctl.html#start%20PATTERN%E2%80%A6) instead of
  // launching a second agent, which would hold the endpoints and leave the first one's agent refused.
  const starting = `${pidPath(env)}.starting`;
  try {
    closeSync(openSync(starting, 'wx'));
  } catch {
    for (let i = 0; i < 300 && existsSync(starting) && !runningPid(env); i++) await sleep(30);
    if (runningPid(env)) return 'ngrok service is already running';
    // The other start ended without an agent (or its process died): this one starts it.
    writeFileSync(starting, '');
  }
  try {
    return await launch(env, agentArgv, definition);
  } finally {
    rmSync(starting, { force: true });
  }
}

async function launch(env: SimEnv, agentArgv: string[], definition: string): Promise<string> {
  const named = configFromDefinition(definition);
  if (!named) throw new ServiceError('the installed ngrok service names no --config');
  const configPath = mapPath(env, named);
  const logPath = serviceLogPath(env, configPath);
  const initLog = logPath === defaultLogPath(env);
  // The init system's log always exists; a directory the config names is the config's business.
  if (initLog) mkdirSync(dirname(logPath), { recursive: true });
  const logFd = openSync(initLog ? logPath : join(env.home, 'ngrok.log'), 'a');
  const syslog = env.init === 'sysv' && initLog ? ['--syslog'] : [];
  const child = spawn(
    process.execPath,
    [...agentArgv, 'start', '--all', '--config', configPath, '--log', logPath, ...syslog],
    { detached: true, stdio: ['ignore', logFd, 'pipe', 'ipc'], env: process.env },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ready = await new Promise<boolean>((resolve) => {
    child.once('message', () => resolve(true));
    child.once('exit', () => resolve(false));
  });
  if (!ready) throw new ServiceError(`ngrok service failed to start: ${stderr.trim() || 'the agent exited'}`);
  writeFileSync(pidPath(env), String(child.pid));
  child.stderr?.destroy();
  child.disconnect();
  child.unref();
  return 'ngrok service started';
}

/** `ngrok service stop`: ends the daemon and waits for it to exit. */
export async function stop(env: SimEnv): Promise<string> {
  if (installedDefinition(env) === undefined) throw new ServiceError('ngrok service is not installed');
  const pid = runningPid(env);
  if (pid) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && runningPid(env); i++) await new Promise((r) => setTimeout(r, 30));
  }
  rmSync(pidPath(env), { force: true });
  return 'ngrok service stopped';
}

/**
 * `ngrok service uninstall`: removes the definition. Nothing in ngrok's docs says it stops a running agent, so it
 * does not: a caller that wants it stopped stops it first.
 */
export function uninstall(env: SimEnv): string {
  const path = definitionPath(env);
  if (!path) throw noServiceSystem();
  if (!existsSync(path)) throw new ServiceError('ngrok service is not installed');
  rmSync(path);
  return 'ngrok service uninstalled';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
