/**
 * The simulated ngrok agent (a sandbox SIMULATION, not ngrok): `version`, `config check`, `service …` and
 * `start --all`. The sandbox host and the sshd test harness install it as `ngrok` through a shim script.
 */

import { ConfigError, loadConfig } from './config.js';
import { recordArgv, simEnv } from './env.js';
import { createLogger } from './log.js';
import * as service from './service.js';
import { runAgent } from './session.js';
import { versionLine } from './version.js';

const usage =
  'usage: ngrok (version | config check --config PATH | service install --config PATH | service start|stop|restart|uninstall | start --all --config PATH)';

// https://ngrok.com/docs/agent/cli/#ngrok-service: "The service command takes a single argument which must be
// 'start', 'stop', 'restart', 'install', or 'uninstall'." Anything else (`status` included) is refused.
const serviceUsage =
  "The service command takes a single argument which must be 'start', 'stop', 'restart', 'install', or 'uninstall'.";

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

function requireConfig(args: string[]): string {
  const path = option(args, '--config');
  if (!path) throw new service.ServiceError('ERROR:  --config PATH is required');
  return path;
}

async function main(args: string[]): Promise<number> {
  const env = simEnv();
  recordArgv(env, args);
  const [command, sub] = args;
  // How to rerun this same program: node flags (e.g. tsx's --import) and the entry script.
  const self = [...process.execArgv, process.argv[1]!];
  if (command === 'version' || command === '--version') {
    console.log(versionLine);
    return 0;
  }
  if (command === 'config' && sub === 'check') {
    const path = requireConfig(args);
    loadConfig(path);
    console.log(`Valid configuration file at ${path}`);
    return 0;
  }
  if (command === 'start' && args.includes('--all'))
    return runForeground(requireConfig(args), option(args, '--log'), args.includes('--syslog'));
  if (command === 'service') {
    if (sub === 'install') console.log(service.install(env, requireConfig(args)));
    else if (sub === 'start') console.log(await service.start(env, self));
    else if (sub === 'stop') console.log(await service.stop(env));
    else if (sub === 'restart') {
      await service.stop(env);
      console.log(await service.start(env, self));
    } else if (sub === 'uninstall') console.log(service.uninstall(env));
    else
      throw new service.ServiceError(`unknown service command ${JSON.stringify(sub ?? '')}. ${serviceUsage}`);
    return 0;
  }
  throw new service.ServiceError(usage, 2);
}

async function runForeground(
  configPath: string,
  logPath: string | undefined,
  syslog: boolean,
): Promise<number> {
  const env = simEnv();
  loadConfig(configPath);
  const log = createLogger(logPath, { syslog });
  log('info', 'starting the simulated ngrok agent (sandbox simulation)', { config: configPath });
  const controller = new AbortController();
  process.on('SIGTERM', () => controller.abort());
  process.on('SIGINT', () => controller.abort());
  process.on('SIGHUP', () => {});
  process.stderr.on('error', () => {});
  // Tell `service start` we are up, then drop the channel so the daemon stands alone.
  if (process.send) {
    process.send('ready');
    process.disconnect();
  }
  const code = await runAgent(configPath, env, log, controller.signal);
  log('info', 'agent exiting', { code: String(code) });
  // Idle keep-alive sockets must not keep a stopped agent alive.
  setTimeout(() => process.exit(code), 200).unref();
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`ERROR:  ${error.message}\n`);
      process.exitCode = 1;
    } else if (error instanceof service.ServiceError) {
      process.stderr.write(`${error.message.startsWith('ERROR') ? '' : 'ERROR:  '}${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`ERROR:  ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
