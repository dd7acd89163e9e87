import { join } from 'node:path';
import { shellQuote } from '../../host/shell.js';
import type { SimEnv } from './env.js';

/**
 * The files the simulated `ngrok service install` writes, one per init system. ngrok documents only that on Linux
 * it "creates a systemd unit file" holding the executable and the --config path
 * (https://ngrok.com/docs/agent/#background-service); the exact text, and what it writes on SysV or OpenRC hosts,
 * is not documented, so these differ on purpose in quoting and layout and clinic-tui must read each on its own terms.
 */

export interface ServiceDefinition {
  path: string;
  text: string;
  mode: number;
}

/** Where this host's init system keeps the ngrok service definition; undefined when it has none. */
export function definitionPath(env: SimEnv): string | undefined {
  if (env.init === 'systemd') return join(env.serviceRoot, 'etc/systemd/system/ngrok.service');
  if (env.init === 'sysv' || env.init === 'openrc') return join(env.serviceRoot, 'etc/init.d/ngrok');
  return undefined;
}

/** The pid file of the service's daemon. */
export function pidPath(env: SimEnv): string {
  return join(env.home, 'ngrok.pid');
}

/** Where the daemon logs when the config names no agent.log: the journal, syslog, or the script's output_log. */
export function defaultLogPath(env: SimEnv): string {
  if (env.init === 'systemd') return join(env.home, 'journal.log');
  if (env.init === 'sysv') return join(env.serviceRoot, 'var/log/syslog');
  if (env.init === 'openrc') return join(env.serviceRoot, 'var/log/ngrok.log');
  return join(env.home, 'ngrok.log');
}

/** The definition `ngrok service install --config PATH` writes, with PATH fixed into its command line. */
export function renderDefinition(env: SimEnv, configPath: string): ServiceDefinition | undefined {
  const path = definitionPath(env);
  if (!path) return undefined;
  if (env.init === 'systemd') return { path, text: systemdUnit(env, configPath), mode: 0o644 };
  if (env.init === 'sysv') return { path, text: sysvScript(env, configPath), mode: 0o755 };
  return { path, text: openrcScript(env, configPath), mode: 0o755 };
}

// systemd.service(5), ExecStart=: each argument may be double-quoted
// (https://www.freedesktop.org/software/systemd/man/latest/systemd.service.html#Command%20lines).
function systemdUnit(env: SimEnv, configPath: string): string {
  const args = ['start', '--all', '--config', configPath, '--log', 'stdout'].map((a) => `"${a}"`).join(' ');
  return [
    '[Unit]',
    'Description=ngrok agent (sandbox simulation)',
    `ConditionFileIsExecutable=${env.self}`,
    'After=network-online.target',
    '',
    '[Service]',
    `ExecStart=${env.self} ${args}`,
    'Restart=always',
    'RestartSec=120',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

// An LSB init script (https://refspecs.linuxfoundation.org/LSB_3.0.0/LSB-PDA/LSB-PDA/iniscrptact.html): `status`
// exits 0 when running; this one exits 1 otherwise, which LSB reserves for "dead and pid file exists".
function sysvScript(env: SimEnv, configPath: string): string {
  return [
    '#!/bin/sh',
    '### BEGIN INIT INFO',
    '# Provides:          ngrok',
    '# Default-Start:     2 3 4 5',
    '# Default-Stop:      0 1 6',
    '# Short-Description: ngrok agent (sandbox simulation)',
    '### END INIT INFO',
    '',
    `cmd="${env.self} start --all --config '${configPath}'"`,
    `pid_file=${shellQuote(pidPath(env))}`,
    '',
    'case "$1" in',
    `  start|stop|restart) exec ${shellQuote(env.self)} service "$1" ;;`,
    '  status)',
    '    if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then echo Running; else echo Stopped; exit 1; fi ;;',
    '  *) echo "Usage: $0 {start|stop|restart|status}"; exit 1 ;;',
    'esac',
    'exit 0',
    '',
  ].join('\n');
}

// openrc-run(8) (https://man.archlinux.org/man/openrc-run.8): command, command_args, pidfile and output_log;
// `rc-service ngrok status` exits 3 when stopped. The real interpreter is /sbin/openrc-run, absent here, so the
// script answers status itself.
function openrcScript(env: SimEnv, configPath: string): string {
  return [
    '#!/bin/sh',
    '# ngrok agent (sandbox simulation of an openrc-run script)',
    `command=${shellQuote(env.self)}`,
    `command_args='start --all --config "${configPath}"'`,
    `pidfile=${shellQuote(pidPath(env))}`,
    `output_log=${shellQuote(defaultLogPath(env))}`,
    '',
    'case "$1" in',
    '  start|stop|restart) exec "$command" service "$1" ;;',
    '  status)',
    '    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo " * status: started"; else echo " * status: stopped"; exit 3; fi ;;',
    'esac',
    '',
  ].join('\n');
}

/** The --config an installed definition starts the agent with (what the init system would run). */
export function configFromDefinition(text: string): string | undefined {
  const line = text
    .split('\n')
    .find((l) => /^(ExecStart=|cmd=|command_args=)/.test(l) && l.includes('--config'));
  const match = line && /--config"?\s+(?:"([^"]*)"|'([^']*)'|([^\s"']+))/.exec(line);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}
