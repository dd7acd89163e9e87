import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimInit, SimUpstreams } from '../agent/env.js';
import { writeAgentShim } from '../agent/shim.js';
import { writeInitStandIns } from './init-stand-ins.js';

/**
 * Writes the sandbox's `sudo` (records its argv, then runs the command as the same user; with -S it reads the
 * password line from stdin first, as sudo does), `ngrok` (the simulated agent) and the init system's commands into
 * ROOT/bin, and the directories by which the host shows its init system: /run/systemd/system for systemd
 * (sd_booted(3), https://www.freedesktop.org/software/systemd/man/latest/sd_booted.html), /etc/init.d for SysV
 * and OpenRC. The agent dials `upstreams` (the host's stand-in services) for its endpoints.
 */
export function writeSandboxShims(
  root: string,
  connectUrl: string,
  init: SimInit,
  upstreams: SimUpstreams,
): { binDir: string; argvLogPath: string } {
  const binDir = join(root, 'bin');
  const argvLogPath = join(root, 'argv.log');
  const env = {
    connectUrl,
    home: join(root, 'var', 'lib', 'ngrok-sim'),
    root,
    argvLog: argvLogPath,
    init,
    upstreams,
  };
  const self = writeAgentShim(binDir, env);
  writeInitStandIns(binDir, { ...env, serviceRoot: root, self });
  if (init === 'systemd') {
    mkdirSync(join(root, 'run', 'systemd', 'system'), { recursive: true });
    mkdirSync(join(root, 'etc', 'systemd', 'system'), { recursive: true });
  }
  if (init === 'sysv' || init === 'openrc') mkdirSync(join(root, 'etc', 'init.d'), { recursive: true });
  writeSudoShim(join(binDir, 'sudo'), argvLogPath);
  return { binDir, argvLogPath };
}

/** A sudo stand-in that records argv to the log and runs the command unprivileged. */
export function writeSudoShim(path: string, argvLogPath: string, realSudo?: string): void {
  const run = realSudo ? `exec ${realSudo} "$@"` : sudoLikeRun;
  const script = [
    '#!/bin/sh',
    '# clinic-tui sandbox sudo: records its argv so tests can prove no secret was on a command line.',
    `printf '%s\\n' "sudo $*" >> '${argvLogPath.replace(/'/g, `'\\''`)}'`,
    run,
    '',
  ].join('\n');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
}

const sudoLikeRun = [
  'password=0',
  'while [ $# -gt 0 ]; do',
  '  case "$1" in',
  '    -S) password=1; shift;;',
  '    -p|-u|-g) shift 2;;',
  '    --) shift; break;;',
  '    -*) shift;;',
  '    *) break;;',
  '  esac',
  'done',
  'if [ $password = 1 ]; then IFS= read -r _ignored; fi',
  'exec "$@"',
].join('\n');
