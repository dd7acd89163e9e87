import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../../host/shell.js';
import type { SimEnv } from '../agent/env.js';
import { defaultLogPath, definitionPath, pidPath } from '../agent/init-files.js';

/**
 * Stand-ins for the init system's own commands on a simulated host, answering about the one service the
 * simulated agent installs: `systemctl` and `journalctl` on a systemd host, `rc-service` on an OpenRC host. SysV
 * needs none: its init script answers `status` itself.
 */
export function writeInitStandIns(binDir: string, env: SimEnv): void {
  mkdirSync(binDir, { recursive: true });
  if (env.init === 'systemd') {
    write(join(binDir, 'systemctl'), systemctl(env));
    write(join(binDir, 'journalctl'), journalctl(env));
  }
  if (env.init === 'openrc') write(join(binDir, 'rc-service'), rcService(env));
}

function write(path: string, lines: string[]): void {
  writeFileSync(path, ['#!/bin/sh', ...lines, ''].join('\n'));
  chmodSync(path, 0o755);
}

const running = (env: SimEnv) =>
  `[ -f ${shellQuote(pidPath(env))} ] && kill -0 "$(cat ${shellQuote(pidPath(env))})" 2>/dev/null`;

// systemctl(1) (https://www.freedesktop.org/software/systemd/man/latest/systemctl.html): `is-active` prints
// active/inactive and exits 0 only when active (3 for inactive); --quiet prints nothing.
function systemctl(env: SimEnv): string[] {
  return [
    '# clinic-tui sandbox: a stand-in for systemctl, knowing only the simulated ngrok.service.',
    `unit=${shellQuote(definitionPath(env)!)}`,
    'verb=; name=; quiet=0',
    'for arg in "$@"; do',
    '  case "$arg" in',
    '    -q|--quiet) quiet=1 ;;',
    '    --*) ;;',
    '    *) if [ -z "$verb" ]; then verb=$arg; elif [ -z "$name" ]; then name=$(basename "$arg" .service); fi ;;',
    '  esac',
    'done',
    'case "$verb" in',
    '  is-active)',
    `    if [ "$name" = ngrok ] && [ -f "$unit" ] && ${running(env)}; then state=active; code=0; else state=inactive; code=3; fi`,
    '    [ $quiet = 1 ] || echo "$state"; exit $code ;;',
    `  start|stop|restart) [ "$name" = ngrok ] || { echo "Unit $name.service not found." >&2; exit 5; }; exec ${shellQuote(env.self)} service "$verb" ;;`,
    '  daemon-reload|enable|disable) exit 0 ;;',
    '  *) echo "Unknown command verb \'$verb\'." >&2; exit 1 ;;',
    'esac',
  ];
}

// journalctl(1) (https://www.freedesktop.org/software/systemd/man/latest/journalctl.html): -u UNIT -n LINES; the
// service's stdout is its journal.
function journalctl(env: SimEnv): string[] {
  return [
    '# clinic-tui sandbox: a stand-in for journalctl, holding only the simulated ngrok.service journal.',
    'lines=10; unit=',
    'while [ $# -gt 0 ]; do',
    '  case "$1" in',
    '    -n|--lines) lines=$2; shift 2 ;;',
    '    -u|--unit) unit=$(basename "$2" .service); shift 2 ;;',
    '    *) shift ;;',
    '  esac',
    'done',
    `journal=${shellQuote(defaultLogPath(env))}`,
    'if [ "$unit" != ngrok ] || [ ! -f "$journal" ]; then echo "-- No entries --"; exit 0; fi',
    'tail -n "$lines" "$journal"',
  ];
}

// rc-service(8) (https://man.archlinux.org/man/rc-service.8): `--resolve` prints the init script's path,
// `--exists` tests for it, and `rc-service NAME ACTION` runs the script with that action.
function rcService(env: SimEnv): string[] {
  return [
    '# clinic-tui sandbox: a stand-in for rc-service, knowing only the simulated ngrok init script.',
    `script=${shellQuote(definitionPath(env)!)}`,
    'case "$1" in',
    '  -r|--resolve) [ "$2" = ngrok ] && [ -f "$script" ] && { echo "$script"; exit 0; }; exit 1 ;;',
    '  -e|--exists) [ "$2" = ngrok ] && [ -f "$script" ]; exit $? ;;',
    'esac',
    `[ "$1" = ngrok ] && [ -f "$script" ] || { echo " * rc-service: service \\\`$1' does not exist" >&2; exit 1; }`,
    'shift',
    'exec "$script" "$@"',
  ];
}
