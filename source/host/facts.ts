import { ExternalError, UserError } from '../errors.js';
import type { HostConnection } from './connect.js';
import type { InitKind } from './init-system.js';
import { type Privilege, rememberSudoPassword } from './privileged.js';
import type { HostPrompter } from './prompts.js';
import { shellQuote } from './shell.js';
import { describeTarget } from './target.js';

/** What we learned about the clinic host before changing anything. */
export interface HostFacts {
  os: 'linux' | 'darwin';
  arch: string;
  /** The init system `ngrok service install` installs into; none when the host has no init system we know. */
  init: InitKind | 'none';
  /** Absolute path of OpenRC's rc-service, when the host has one (sudo resets PATH). */
  rcServicePath?: string;
  ngrokVersion: string;
  /** Absolute path of the ngrok binary: sudo resets PATH, and the service bakes the path in. */
  ngrokPath: string;
  privilege: Privilege;
}

const sudoPasswordAttempts = 3;
const ngrokPlaces = ['/usr/local/bin/ngrok', '/opt/homebrew/bin/ngrok', '/snap/bin/ngrok', '/usr/bin/ngrok'];

// One round trip: each line is key=value so a missing tool only blanks its own value.
const probeScript = [
  'echo "os=$(uname -s 2>/dev/null)"',
  'echo "arch=$(uname -m 2>/dev/null)"',
  'echo "uid=$(id -u)"',
  // systemd's own test for "booted with systemd" is this directory (sd_booted(3),
  // https://www.freedesktop.org/software/systemd/man/latest/sd_booted.html); OpenRC hosts have rc-service
  // (https://man.archlinux.org/man/rc-service.8); SysV hosts keep init scripts in /etc/init.d
  // (https://refspecs.linuxfoundation.org/LSB_3.0.0/LSB-PDA/LSB-PDA/initscrcomconv.html).
  'rc=$(command -v rc-service 2>/dev/null); echo "rcservice=$rc"',
  'if [ -d /run/systemd/system ]; then echo init=systemd; elif command -v launchctl >/dev/null 2>&1; then echo init=launchd; elif [ -n "$rc" ]; then echo init=openrc; elif [ -d /etc/init.d ]; then echo init=sysv; else echo init=none; fi',
  // A non-interactive SSH session gets sshd's short default PATH, which misses Homebrew and snap: look there too.
  `ngrok=$(command -v ngrok 2>/dev/null); if [ -z "$ngrok" ]; then for p in ${ngrokPlaces.join(' ')}; do if [ -x "$p" ]; then ngrok=$p; break; fi; done; fi; echo "ngrok=$ngrok"`,
  'if command -v sudo >/dev/null 2>&1; then if sudo -n true >/dev/null 2>&1; then echo sudo=nopasswd; else echo sudo=password; fi; else echo sudo=missing; fi',
].join('; ');

/** Learns OS, architecture, init system, the ngrok version and how we become root. Changes nothing. */
export async function probeHost(conn: HostConnection, prompter: HostPrompter): Promise<HostFacts> {
  const where = describeTarget(conn.target);
  const probe = await conn.exec(probeScript, { purpose: 'the host probe' });
  const values = Object.fromEntries(
    probe.stdout.split('\n').flatMap((line) => {
      const at = line.indexOf('=');
      return at > 0 ? [[line.slice(0, at), line.slice(at + 1).trim()]] : [];
    }),
  ) as Record<string, string | undefined>;
  const os = detectOs(values.os, probe.stdout + probe.stderr, where);
  const ngrokPath = values.ngrok;
  if (!ngrokPath) {
    throw new ExternalError(
      `ngrok is not installed on ${where} (not on the login PATH, nor in ${ngrokPlaces.map((p) => p.replace(/\/ngrok$/, '')).join(', ')})`,
      'Install the ngrok agent on the host (https://ngrok.com/download, or the ngrok apt/Homebrew package), then rerun.',
    );
  }
  const version = await conn.exec(`${shellQuote(ngrokPath)} version`, { purpose: 'ngrok version' });
  const ngrokVersion = parseNgrokVersion(version.stdout);
  if (!ngrokVersion) {
    throw new ExternalError(`"${ngrokPath} version" on ${where} did not print "ngrok version x.y.z"`);
  }
  const privilege = await detectPrivilege(conn, values, prompter, where);
  return {
    os,
    arch: values.arch || 'unknown',
    init: (values.init as HostFacts['init'] | undefined) ?? 'none',
    ...(values.rcservice ? { rcServicePath: values.rcservice } : {}),
    ngrokVersion,
    ngrokPath,
    privilege,
  };
}

function detectOs(os: string | undefined, output: string, where: string): HostFacts['os'] {
  if (os === 'Linux') return 'linux';
  if (os === 'Darwin') return 'darwin';
  if (/windows|MINGW|MSYS|CYGWIN|is not recognized/i.test(`${os} ${output}`)) {
    throw new UserError(
      `${where} looks like Windows, which is not supported yet`,
      'Use a Linux or macOS host for the clinic agent.',
    );
  }
  // No os= line at all: the login shell (nologin, or a shell that cannot run even `sh -c …`) ran nothing.
  if (!os) {
    const said = output.trim().split('\n').slice(0, 3).join(' / ') || 'no output';
    throw new UserError(
      `${where}: the login shell did not run a POSIX command: ${said}`,
      'Give this user a login shell that can run `sh -c` (sh, bash, zsh, fish, csh), not nologin, or log in as another user.',
    );
  }
  throw new UserError(`${where} runs ${os}, which is not supported yet`, 'Use a Linux or macOS host.');
}

/** The x.y.z from `ngrok version` output. */
export function parseNgrokVersion(output: string): string | undefined {
  return /^ngrok version (\d+\.\d+\.\d+)/m.exec(output)?.[1];
}

async function detectPrivilege(
  conn: HostConnection,
  values: Record<string, string | undefined>,
  prompter: HostPrompter,
  where: string,
): Promise<HostFacts['privilege']> {
  if (values.uid === '0') return 'root';
  if (values.sudo === 'nopasswd') return 'sudo';
  if (values.sudo !== 'password') {
    throw new UserError(
      `${where} is not root and has no sudo`,
      'Log in as root, or install sudo for this user.',
    );
  }
  // sudo gives three tries (passwd_tries); so do we. The password goes on stdin, never on the command line.
  for (let attempt = 0; attempt < sudoPasswordAttempts; attempt++) {
    const password = await prompter.sudoPassword(where);
    // -k ignores cached credentials so sudo always reads the password line we send, never the input after it.
    const check = await conn.exec("sudo -S -k -p '' true", {
      stdin: `${password}\n`,
      purpose: 'the sudo password check',
    });
    if (check.code === 0) {
      rememberSudoPassword(conn, password);
      return 'sudo-password';
    }
    if (/not in the sudoers|not allowed to (run|execute)/i.test(check.stderr)) {
      throw new UserError(
        `${conn.target.user} may not use sudo on ${where}: ${check.stderr.trim()}`,
        'Ask the clinic to allow this user sudo (or log in as root).',
      );
    }
  }
  throw new UserError(
    `sudo on ${where} refused the password (${sudoPasswordAttempts} attempts)`,
    'Check the password, or log in as root.',
  );
}
