import type { Duplex } from 'node:stream';
import ssh2, { type ConnectConfig, type Client as SshClient } from 'ssh2';
import { AbortedError, ExternalError, UserError } from '../errors.js';
import { createAuthHandler } from './auth.js';
import { type ExecOptions, type ExecResult, runExec } from './exec.js';
import { knownKeyTypes, verifyHostKey } from './host-key.js';
import { defaultKnownHostsPath } from './known-hosts.js';
import { startLoginTimer } from './login-timer.js';
import { promptingInTurn, promptTurns, type TakeTurn } from './prompt-turns.js';
import type { HostPrompter } from './prompts.js';
import { posixCommand } from './shell.js';
import { describeTarget, type HostTarget } from './target.js';

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
const { Client } = ssh2;

export interface ConnectOptions {
  /** Default ~/.ssh/known_hosts. */
  knownHostsPath?: string;
  /** Headless: trust and record an unknown host key. A changed key is refused regardless. */
  acceptNewHostKey?: boolean;
  /** The target's address came from the clinic record in the ngrok account: acceptNewHostKey does not apply. */
  addressFromRecord?: boolean;
  prompter: HostPrompter;
  /** The run's queue of questions, shared by every host it opens; default a queue of this connection's own. */
  turn?: TakeTurn;
  signal?: AbortSignal;
  /** Time the network and the host may take to log us in, not counting the person's answers; default 20 s. */
  readyTimeoutMs?: number;
  /** How long one remote command may run before it is abandoned (its channel closed); default 120 s. */
  commandTimeoutMs?: number;
  /** Unused here: targets are resolved from ~/.ssh/config by parseHostArg; kept so callers can pass one set. */
  sshConfigPath?: string;
}

/** An open, trusted SSH connection to a clinic host. */
export interface HostConnection {
  target: HostTarget;
  hostKeyFingerprint: string;
  /**
   * Runs a POSIX shell script (whatever the login shell is); stdin (secrets go here, never in the command) is
   * sent then closed. Fails when it runs longer than the connection's command timeout (unless opts.untimed).
   */
  exec(script: string, opts?: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
}

// Generous for reads, checks and file writes; the service commands (a systemd stop alone may take 90 s) are untimed.
const defaultCommandTimeoutMs = 120_000;
// As OpenSSH's ServerAliveInterval 10 / ServerAliveCountMax 3: a host that silently vanished is noticed in ~30 s.
const keepalive = { keepaliveInterval: 10_000, keepaliveCountMax: 3 };

const defaultServerHostKeys = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** Connects (through one ProxyJump hop if the target names one), verifying every host key on the way. */
export async function connectHost(target: HostTarget, opts: ConnectOptions): Promise<HostConnection> {
  let jump: { client: SshClient; fingerprint: string } | undefined;
  let sock: Duplex | undefined;
  if (target.proxyJump) {
    // The jump host comes from this laptop's ~/.ssh/config, never from a clinic record.
    jump = await openClient(target.proxyJump, { ...opts, addressFromRecord: false }, undefined).catch(
      (error: unknown) => {
        throw asJumpError(error, target.proxyJump!);
      },
    );
  }
  let main: { client: SshClient; fingerprint: string };
  try {
    if (jump && target.proxyJump) sock = await forward(jump.client, target.proxyJump, target);
    main = await openClient(target, opts, sock);
  } catch (error) {
    // The jump connection is ours to close whatever failed after it, or the process would hang on its socket.
    if (jump) await endClient(jump.client);
    throw error;
  }
  const { client, fingerprint } = main;
  const timeoutMs = opts.commandTimeoutMs ?? defaultCommandTimeoutMs;
  return {
    target,
    hostKeyFingerprint: fingerprint,
    exec: (script, execOpts) => runExec(client, posixCommand(script), timeoutMs, execOpts),
    close: async () => {
      await endClient(client);
      if (jump) await endClient(jump.client);
    },
  };
}

function openClient(
  target: HostTarget,
  opts: ConnectOptions,
  sock: Duplex | undefined,
): Promise<{ client: SshClient; fingerprint: string }> {
  const knownHostsPath = opts.knownHostsPath ?? defaultKnownHostsPath();
  const takeTurn = opts.turn ?? promptTurns();
  return new Promise((resolve, reject) => {
    const client = new Client();
    let refusal: unknown;
    let fingerprint = '';
    let settled = false;
    const fail = (error: unknown) => {
      opts.signal?.removeEventListener('abort', onAbort);
      timer.stop();
      client.end();
      if (!settled) reject(refusal ?? error);
      settled = true;
    };
    // A question that waited its turn behind another host's is not asked when this login ended meanwhile
    // (aborted, timed out, the host hung up): its answer would go to a connection that no longer exists.
    const turn: TakeTurn = <T>(fn: () => Promise<T>) =>
      takeTurn(() => (settled ? Promise.reject<T>(loginEnded(target)) : fn()));
    const timer = startLoginTimer(promptingInTurn(opts.prompter, turn), opts.readyTimeoutMs ?? 20_000, () =>
      fail(timedOut(target)),
    );
    const policy = {
      address: target.address,
      port: target.port,
      user: target.user,
      knownHostsPath,
      acceptNewHostKey: opts.acceptNewHostKey ?? false,
      addressFromRecord: opts.addressFromRecord ?? false,
      // The whole decision (read known_hosts again, ask, record) is one turn, and waiting for it is not login time.
      prompter: opts.prompter,
      turn: <T>(fn: () => Promise<T>) => timer.paused(() => turn(fn)),
      ...(target.hostKey ? { pin: target.hostKey } : {}),
      ...(target.recordedHostKey ? { recordedKey: target.recordedHostKey } : {}),
    };
    const auth = createAuthHandler(target, timer.prompter, (error) => {
      refusal = error;
    });
    const onAbort = () => fail(new AbortedError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => {
      opts.signal?.removeEventListener('abort', onAbort);
      timer.stop();
      settled = true;
      resolve({ client, fingerprint });
    });
    // Always listening: ssh2 can emit a second error (a timeout, then "lost before handshake" as the socket
    // closes), and an error with no listener would crash the process. After ready, errors surface through the
    // exec that hits them.
    client.on('error', (error) => {
      if (!settled) fail(connectionError(target, error, auth.tried));
    });
    // A host may hang up during login without an error event (sshd drops a malformed reply): never wait forever.
    client.on('close', () => {
      if (!settled) {
        fail(new ExternalError(`${describeTarget(target)} closed the connection during login`));
      }
    });
    knownKeyTypes(policy)
      .then((known) => {
        const config: ConnectConfig = {
          host: target.address,
          port: target.port,
          username: target.user,
          // Our login timer (paused while a person answers) replaces ssh2's, which would count the typing.
          readyTimeout: 0,
          ...keepalive,
          algorithms: { serverHostKey: preferKnown(known) as never },
          hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
            // A login that ended while the decision waited (aborted, timed out) has had its handshake torn down,
            // and ssh2 throws if it is answered then.
            verifyHostKey(key, policy).then(
              (fp) => {
                fingerprint = fp;
                if (!settled) verify(true);
              },
              (error: unknown) => {
                refusal = error;
                if (!settled) verify(false);
              },
            );
          },
          authHandler: auth.handler,
          ...(sock ? { sock } : {}),
        };
        client.connect(config);
      })
      .catch(fail);
  });
}

function preferKnown(knownTypes: string[]): string[] {
  const preferred = knownTypes.flatMap((type) =>
    type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type],
  );
  const first = preferred.filter((type) => defaultServerHostKeys.includes(type));
  return [...first, ...defaultServerHostKeys.filter((type) => !first.includes(type))];
}

function forward(jump: SshClient, via: HostTarget, target: HostTarget): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, target.address, target.port, (error, stream) => {
      if (error) {
        reject(
          new ExternalError(
            `the jump host ${describeTarget(via)} could not reach ${target.address}:${target.port}: ${error.message}`,
            'Check the clinic host address and port as the jump host sees them, and that sshd runs there.',
          ),
        );
      } else resolve(stream);
    });
  });
}

// A failure on the jump host must not read as if the clinic host had failed: say which host it was.
function asJumpError(error: unknown, jump: HostTarget): unknown {
  if (!(error instanceof UserError || error instanceof ExternalError)) return error;
  const message = `jump host ${describeTarget(jump)}: ${error.message}`;
  return error instanceof UserError
    ? new UserError(message, error.hint)
    : new ExternalError(message, error.hint, { cause: error });
}

function endClient(client: SshClient): Promise<void> {
  return new Promise((resolve) => {
    client.once('close', () => resolve());
    client.end();
    setTimeout(resolve, 2000).unref();
  });
}

function loginEnded(target: HostTarget): ExternalError {
  return new ExternalError(`the login to ${describeTarget(target)} ended before its question's turn`);
}

function timedOut(target: HostTarget): ExternalError {
  return new ExternalError(
    `${describeTarget(target)}: timed out while connecting`,
    'Check the network path to the clinic host.',
  );
}

function connectionError(
  target: HostTarget,
  error: Error & { code?: string; level?: string },
  tried: string[],
): Error {
  const where = describeTarget(target);
  if (error.level === 'client-authentication') {
    return new UserError(
      `${where} accepted none of our credentials (tried: ${tried.join(', ') || 'nothing: no ssh-agent and no key in ~/.ssh'})`,
      'Pass --identity FILE (or host.identity_file), load the key into ssh-agent, or check the user name.',
    );
  }
  if (error.code === 'ECONNREFUSED') {
    return new ExternalError(
      `${where}: connection refused`,
      'Check the address and port, and that sshd runs.',
    );
  }
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new ExternalError(`${target.address}: host name not found`, 'Check the address (or the VPN).');
  }
  if (/lost before handshake/i.test(error.message)) {
    return new ExternalError(
      `${where} closed the connection before the SSH handshake`,
      'Check the port: is it sshd and not another service? A firewall, fail2ban or sshd MaxStartups can also drop connections.',
    );
  }
  if (/timed out/i.test(error.message)) return timedOut(target);
  return new ExternalError(`SSH to ${where} failed: ${error.message}`, undefined, { cause: error });
}
