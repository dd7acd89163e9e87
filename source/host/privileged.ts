import { UserError } from '../errors.js';
import type { HostConnection } from './connect.js';
import type { ExecOptions, ExecResult } from './exec.js';
import { shellQuote } from './shell.js';

/** How a login becomes root on the clinic host: it is root, sudo needs no password, or sudo needs one. */
export type Privilege = 'root' | 'sudo' | 'sudo-password';

// The sudo password lives only in memory, next to the connection it unlocks.
const sudoPasswords = new WeakMap<HostConnection, string>();

/** Keeps a verified sudo password for this connection's privileged commands. */
export function rememberSudoPassword(conn: HostConnection, password: string): void {
  sudoPasswords.set(conn, password);
}

/**
 * Runs a shell script as root: directly when we are root, with `sudo -n`, or with `sudo -S` and the password as
 * the first stdin line (before any stdin the script itself reads). Nothing secret goes into the command line.
 */
export function runPrivileged(
  conn: HostConnection,
  facts: { privilege: Privilege },
  script: string,
  opts: ExecOptions = {},
): Promise<ExecResult> {
  if (facts.privilege === 'root') return conn.exec(script, opts);
  const wrapped = `sh -c ${shellQuote(script)}`;
  if (facts.privilege === 'sudo') return conn.exec(`sudo -n ${wrapped}`, opts);
  const password = sudoPasswords.get(conn);
  if (password === undefined) {
    throw new UserError('sudo needs a password that was not given', 'Run the host probe (probeHost) first.');
  }
  const rest = opts.stdin === undefined ? Buffer.alloc(0) : Buffer.from(opts.stdin);
  const stdin = Buffer.concat([Buffer.from(`${password}\n`), rest]);
  return conn.exec(`sudo -S -k -p '' ${wrapped}`, { ...opts, stdin });
}
