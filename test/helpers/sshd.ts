import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fingerprintOf } from '../../source/host/known-hosts.js';
import { agentCommandLine, writeAgentShim } from '../../source/sandbox/agent/shim.js';
import { writeInitStandIns } from '../../source/sandbox/host/init-stand-ins.js';
import { writeSudoShim } from '../../source/sandbox/host/shims.js';

const sshdPath = '/usr/sbin/sshd';
export const sshdTestUser = 'clinictui';
/** A second user who logs in with a password and whose sudo asks for it (only with `passwordUser: true`). */
export const sshdPasswordUser = 'clinictuipw';

export interface SshdOptions {
  /** Where the simulated agent connects (default: a closed port). */
  connectUrl?: string;
  /** Put the simulated `ngrok` (and the argv-recording `sudo`) on the login PATH; default true. */
  agent?: boolean;
  /**
   * The init system the host presents to clinic-tui and the agent. This machine's own (/etc/init.d, no systemd)
   * is shared by every harness, so the default is OpenRC: a stand-in `rc-service` on the login PATH resolves the
   * ngrok script under the harness's own directory. 'none' adds no init system (the machine's /etc/init.d still
   * makes it look like SysV to a probe).
   */
  init?: 'openrc' | 'none';
  /**
   * Also let sshdPasswordUser in, by password (and by the same key), with sudo that requires the password. The
   * password is random per harness and locked again on stop, so only one such harness may run at a time.
   */
  passwordUser?: boolean;
  /**
   * With passwordUser: PAM on, and a second port (`keyboardInteractivePort`) where the password user may log in
   * only by keyboard-interactive, as PAM-only hosts ask for passwords.
   */
  keyboardInteractive?: boolean;
  /** sshd's LogLevel; DEBUG1 shows forwarded (ProxyJump) channels in log(). Default ERROR. */
  logLevel?: 'ERROR' | 'INFO' | 'VERBOSE' | 'DEBUG1';
  /**
   * sshd's ForceCommand: this program gets every command (in $SSH_ORIGINAL_COMMAND) instead of the shell, so a
   * test can stand in for a login shell that is not POSIX without changing a shared user's shell.
   */
  forceCommand?: string;
}

/** A running OpenSSH sshd for tests, logging in one test user with NOPASSWD sudo and the simulated ngrok. */
export interface SshdHarness {
  port: number;
  user: string;
  /** An unencrypted ed25519 key the server accepts. */
  keyPath: string;
  hostKeyFingerprint: string;
  knownHostsLine: string;
  /** Temp directory holding the server's files; the agent's files live under it too. */
  root: string;
  /** Adds a public key line to the accepted keys. */
  authorize(publicKeyLine: string): void;
  /** Every argv the host's `sudo` and `ngrok` wrappers saw. */
  argvLog(): string[];
  /** The port that offers only keyboard-interactive, when started with `keyboardInteractive: true`. */
  keyboardInteractivePort?: number;
  /** The password user and its password, when started with `passwordUser: true`. */
  passwordUser?: { name: string; password: string };
  /** What sshd wrote to stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts real sshd on 127.0.0.1 and a free port with its own host key and sshd_config (publickey only, no PAM;
 * password login for the optional password user).
 * Needs root (CI runs as root) and throws when sshd is missing, so a CI without it fails instead of skipping.
 */
export async function startSshd(options: SshdOptions = {}): Promise<SshdHarness> {
  if (!existsSync(sshdPath)) throw new Error(`${sshdPath} is missing: install openssh-server (.ci/run does)`);
  if (process.getuid?.() !== 0)
    throw new Error('the sshd harness needs root, to run sshd and create a test user');
  ensureTestUser();
  const passwordUser = options.passwordUser ? ensurePasswordUser() : undefined;
  const root = mkdtempSync(join(tmpdir(), 'clinic-sshd-'));
  chmodSync(root, 0o755);
  mkdirSync('/run/sshd', { recursive: true });
  const hostKey = join(root, 'ssh_host_ed25519_key');
  const keyPath = join(root, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'clinic-tui test host', '-f', hostKey]);
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    'clinic-tui test client',
    '-f',
    keyPath,
  ]);
  const authorizedKeys = join(root, 'authorized_keys');
  writeFileSync(authorizedKeys, readFileSync(`${keyPath}.pub`));
  chmodSync(authorizedKeys, 0o644);
  writeFileSync(join(root, 'argv.log'), '', { mode: 0o666 });
  chmodSync(join(root, 'argv.log'), 0o666);
  const binDir =
    options.agent === false
      ? undefined
      : installAgent(root, options.connectUrl ?? 'http://127.0.0.1:9', options.init ?? 'openrc');
  const port = await freePort();
  const kbdPort = options.keyboardInteractive && passwordUser ? await freePort() : undefined;
  const logLevel = options.logLevel ?? 'ERROR';
  const common = {
    hostKey,
    authorizedKeys,
    root,
    binDir,
    logLevel,
    passwordUser: passwordUser?.name,
    forceCommand: options.forceCommand,
  };
  const main = await spawnSshd(root, 'sshd_config', sshdConfig({ ...common, port, pam: false }), port);
  // A second sshd, with PAM, for the keyboard-interactive port: PAM's failure delay stays off the main port.
  const kbd = kbdPort
    ? await spawnSshd(
        root,
        'sshd_kbd_config',
        sshdConfig({ ...common, port: kbdPort, pam: true }),
        kbdPort,
      ).catch(async (error: unknown) => {
        await stopAll([main.process], root);
        throw error;
      })
    : undefined;
  const publicLine = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const blob = Buffer.from(publicLine.split(' ')[1]!, 'base64');
  return {
    port,
    user: sshdTestUser,
    keyPath,
    hostKeyFingerprint: fingerprintOf(blob),
    knownHostsLine: `[127.0.0.1]:${port} ${publicLine}`,
    root,
    authorize: (line) => writeFileSync(authorizedKeys, `${line.trim()}\n`, { flag: 'a' }),
    argvLog: () => readFileSync(join(root, 'argv.log'), 'utf8').split('\n').filter(Boolean),
    ...(passwordUser ? { passwordUser } : {}),
    ...(kbdPort ? { keyboardInteractivePort: kbdPort } : {}),
    log: () => main.log(),
    stop: async () => {
      await stopAll([main.process, ...(kbd ? [kbd.process] : [])], root);
      // Never leave a known password on the machine's account.
      if (passwordUser) execFileSync('usermod', ['-p', '*', passwordUser.name]);
    },
  };
}

function ensureTestUser(): void {
  try {
    execFileSync('id', [sshdTestUser], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['-m', '-s', '/bin/sh', sshdTestUser]);
  }
  // '*' disables password login but, unlike passwd -l, still lets keys in.
  if (shadowHash(sshdTestUser) !== '*') execFileSync('usermod', ['-p', '*', sshdTestUser]);
  installSudoers('/etc/sudoers.d/clinic-tui-test', `${sshdTestUser} ALL=(ALL) NOPASSWD: ALL\n`);
}

/**
 * Test files start harnesses in parallel while others run `sudo -n`. Rewriting a sudoers file in place leaves it
 * empty for a moment, and a sudo that reads it then says "a password is required" (measured: 22 of 60 sudo calls
 * failed during rewrites). So the file is written only when it differs, and then by an atomic rename.
 */
function installSudoers(path: string, content: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return;
  mkdirSync('/etc/sudoers.d', { recursive: true });
  // sudo's @includedir skips names with a dot, so the half-written file is never read.
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, content, { mode: 0o440 });
  renameSync(partial, path);
}

// usermod locks and rewrites /etc/shadow; parallel harnesses skip it when the hash is already what they want.
function shadowHash(user: string): string | undefined {
  const line = readFileSync('/etc/shadow', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${user}:`));
  return line?.split(':')[1];
}

// A fresh random password each start; sudo for this user asks for it (no NOPASSWD).
function ensurePasswordUser(): { name: string; password: string } {
  try {
    execFileSync('id', [sshdPasswordUser], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['-m', '-s', '/bin/sh', sshdPasswordUser]);
  }
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  execFileSync('chpasswd', { input: `${sshdPasswordUser}:${password}\n` });
  installSudoers('/etc/sudoers.d/clinic-tui-test-password', `${sshdPasswordUser} ALL=(ALL) ALL\n`);
  return { name: sshdPasswordUser, password };
}

// The test user may not be able to read this checkout (CI clones under /root), so it gets its own copy of the
// agent bundle (one file of its own: scripts/build.mjs builds it without code splitting), as an ES module.
// The wrappers record argv into a log both the user and root can append to.
function installAgent(root: string, connectUrl: string, init: 'openrc' | 'none'): string {
  const binDir = join(root, 'bin');
  mkdirSync(binDir, { recursive: true, mode: 0o755 });
  const [node, bundle] = agentCommandLine();
  const agentDir = join(root, 'ngrok-sim');
  mkdirSync(agentDir, { mode: 0o755 });
  writeFileSync(join(agentDir, 'package.json'), '{"type":"module"}\n', { mode: 0o644 });
  const entry = join(agentDir, basename(bundle!));
  copyFileSync(bundle!, entry);
  chmodSync(entry, 0o644);
  const argvLog = join(root, 'argv.log');
  const home = join(root, 'ngrok-sim-home');
  mkdirSync(home, { mode: 0o777 });
  chmodSync(home, 0o777);
  const env = { connectUrl, home, argvLog, init, serviceRoot: root };
  const self = writeAgentShim(binDir, env, [node!, entry]);
  writeInitStandIns(binDir, { ...env, self });
  mkdirSync(join(root, 'etc', 'init.d'), { recursive: true });
  writeSudoShim(join(binDir, 'sudo'), argvLog, '/usr/bin/sudo');
  return binDir;
}

async function spawnSshd(root: string, name: string, config: string, port: number) {
  const configPath = join(root, name);
  writeFileSync(configPath, config);
  const sshd = spawn(sshdPath, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  sshd.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  await waitForPort(port, sshd, () => log);
  return { process: sshd, log: () => log };
}

// pam: the keyboard-interactive variant (PAM answers it; it works in CI's container for a local shadow
// password), where only the password user may log in, and only that way.
function sshdConfig(o: {
  port: number;
  pam: boolean;
  hostKey: string;
  authorizedKeys: string;
  root: string;
  binDir: string | undefined;
  logLevel: string;
  passwordUser: string | undefined;
  forceCommand: string | undefined;
}) {
  const users = o.pam ? o.passwordUser : o.passwordUser ? `${sshdTestUser} ${o.passwordUser}` : sshdTestUser;
  const path = [...(o.binDir ? [o.binDir] : []), '/usr/local/bin', '/usr/bin', '/bin'].join(':');
  return [
    `Port ${o.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${o.hostKey}`,
    `PidFile ${join(o.root, `sshd-${o.port}.pid`)}`,
    `AuthorizedKeysFile ${o.authorizedKeys}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    `KbdInteractiveAuthentication ${o.pam ? 'yes' : 'no'}`,
    `UsePAM ${o.pam ? 'yes' : 'no'}`,
    // The key files live under /tmp, which StrictModes would reject.
    'StrictModes no',
    'PermitRootLogin no',
    `AllowUsers ${users}`,
    'AllowTcpForwarding yes',
    `SetEnv PATH=${path}`,
    `LogLevel ${o.logLevel}`,
    ...(o.forceCommand ? [`ForceCommand ${o.forceCommand}`] : []),
    // A Match block runs to the end of the file, so it stays last.
    ...(o.passwordUser && !o.pam ? [`Match User ${o.passwordUser}`, '  PasswordAuthentication yes'] : []),
    '',
  ].join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, sshd: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (sshd.exitCode !== null) throw new Error(`sshd exited: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not listen on ${port}: ${log()}`);
}

async function stopAll(daemons: ChildProcess[], root: string): Promise<void> {
  try {
    const pid = Number(readFileSync(join(root, 'ngrok-sim-home', 'ngrok.pid'), 'utf8'));
    if (pid > 0) process.kill(pid, 'SIGTERM');
  } catch {
    // No agent daemon is running.
  }
  await Promise.all(
    daemons.map((sshd) =>
      sshd.exitCode === null
        ? new Promise<void>((resolve) => {
            sshd.once('exit', () => resolve());
            sshd.kill('SIGTERM');
          })
        : undefined,
    ),
  );
  rmSync(root, { recursive: true, force: true });
}
