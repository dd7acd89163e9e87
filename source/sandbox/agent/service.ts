import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { mapPath, type SimEnv } from './env.js';

/** A failed `ngrok service` command: message for stderr and the exit code. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

interface Installed {
  configPath: string;
}

const files = (env: SimEnv) => ({
  record: join(env.home, 'service.json'),
  pid: join(env.home, 'ngrok.pid'),
});

/** The log file of the service: agent.log from the config when it names a file, else one in the agent's home. */
export function serviceLogPath(env: SimEnv, configPath: string): string {
  try {
    const log = loadConfig(configPath).log;
    if (log && log !== 'stdout' && log !== 'stderr') return mapPath(env, log);
  } catch {
    // An unreadable config is reported by start; the default log still works.
  }
  return join(env.home, 'ngrok.log');
}

function installed(env: SimEnv): Installed | undefined {
  const path = files(env).record;
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Installed) : undefined;
}

function runningPid(env: SimEnv): number | undefined {
  const path = files(env).pid;
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** `ngrok service install --config PATH`: records the service; refuses a second install, as ngrok does. */
export function install(env: SimEnv, configPath: string): string {
  if (installed(env)) throw new ServiceError('ngrok service is already installed; uninstall it first');
  loadConfig(configPath);
  writeFileSync(files(env).record, JSON.stringify({ configPath }));
  return 'ngrok service installed (sandbox simulation)';
}

/** `ngrok service start`: launches the daemon in its own session (survives the SSH session) and waits until it runs. */
export async function start(env: SimEnv, agentArgv: string[]): Promise<string> {
  const record = installed(env);
  if (!record)
    throw new ServiceError('ngrok service is not installed; run ngrok service install --config PATH');
  if (runningPid(env)) return 'ngrok service is already running';
  const logPath = serviceLogPath(env, record.configPath);
  const logFd = openSync(join(env.home, 'ngrok.log'), 'a');
  const child = spawn(
    process.execPath,
    [...agentArgv, 'start', '--all', '--config', record.configPath, '--log', logPath],
    {
      detached: true,
      stdio: ['ignore', logFd, 'pipe', 'ipc'],
      env: process.env,
    },
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
  writeFileSync(files(env).pid, String(child.pid));
  child.stderr?.destroy();
  child.disconnect();
  child.unref();
  return 'ngrok service started';
}

/** `ngrok service stop`: ends the daemon and waits for it to exit. */
export async function stop(env: SimEnv): Promise<string> {
  if (!installed(env)) throw new ServiceError('ngrok service is not installed');
  const pid = runningPid(env);
  if (pid) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && runningPid(env); i++) await new Promise((r) => setTimeout(r, 30));
  }
  rmSync(files(env).pid, { force: true });
  return 'ngrok service stopped';
}

/** `ngrok service uninstall`: stops and forgets the service. */
export async function uninstall(env: SimEnv): Promise<string> {
  await stop(env);
  rmSync(files(env).record, { force: true });
  return 'ngrok service uninstalled';
}

/** `ngrok service status` (the simulation's extra): 0 running, 3 stopped, 4 not installed, plus the log path. */
export function status(env: SimEnv): { text: string; exitCode: number } {
  const record = installed(env);
  if (!record) return { text: 'ngrok service: not installed', exitCode: 4 };
  const pid = runningPid(env);
  const log = `log: ${serviceLogPath(env, record.configPath)}`;
  return pid
    ? { text: `ngrok service: running (pid ${pid})\nconfig: ${record.configPath}\n${log}`, exitCode: 0 }
    : { text: `ngrok service: stopped\nconfig: ${record.configPath}\n${log}`, exitCode: 3 };
}
