import type { Duplex } from 'node:stream';
import ssh2, { type ConnectConfig, type Client as SshClient } from 'ssh2';
import { AbortedError, ExternalError, UserError } from '../errors.js';
import { createAuthHandler } from './auth.js';
import { type ExecOptions, type ExecResult, runExec } from './exec.js';
import { knownKeyTypes, verifyHostKey } from './host-key.js';
import { defaultKnownHostsPath } from './known-hosts.js';
import type { HostPrompter } from './prompts.js';
import { describeTarget, type HostTarget } from './target.js';

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
const { Client } = ssh2;

export interface ConnectOptions {
  /** Default ~/.ssh/known_hosts. */
  knownHostsPath?: string;
  /** Headless: trust and record an unknown host key. A changed key is refused regardless. */
  acceptNewHostKey?: boolean;
  prompter: HostPrompter;
  signal?: AbortSignal;
  readyTimeoutMs?: number;
  /** Unused here: targets are resolved from ~/.ssh/config by parseHostArg; kept so callers can pass one set. */
  sshConfigPath?: string;
}

/** An open, trusted SSH connection to a clinic host. */
export interface HostConnection {
  target: HostTarget;
  hostKeyFingerprint: string;
  /** Runs a command through the login shell; stdin (secrets go here, never in the command) is sent then closed. */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
}

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
    jump = await openClient(target.proxyJump, opts, undefined);
    sock = await forward(jump.client, target);
  }
  let main: { client: SshClient; fingerprint: string };
  try {
    main = await openClient(target, opts, sock);
  } catch (error) {
    jump?.client.end();
    throw error;
  }
  const { client, fingerprint } = main;
  return {
    target,
    hostKeyFingerprint: fingerprint,
    exec: (command, execOpts) => runExec(client, command, execOpts),
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
  const policy = {
    address: target.address,
    port: target.port,
    knownHostsPath,
    acceptNewHostKey: opts.acceptNewHostKey ?? false,
    prompter: opts.prompter,
    ...(target.hostKey ? { pin: target.hostKey } : {}),
  };
  return new Promise((resolve, reject) => {
    const client = new Client();
    let refusal: unknown;
    let fingerprint = '';
    const fail = (error: unknown) => {
      opts.signal?.removeEventListener('abort', onAbort);
      client.end();
      reject(refusal ?? error);
    };
    const onAbort = () => fail(new AbortedError());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => {
      opts.signal?.removeEventListener('abort', onAbort);
      client.on('error', () => {
        // Later errors surface through the exec that hits them.
      });
      resolve({ client, fingerprint });
    });
    client.once('error', (error) => fail(connectionError(target, error)));
    knownKeyTypes(policy)
      .then((known) => {
        const config: ConnectConfig = {
          host: target.address,
          port: target.port,
          username: target.user,
          readyTimeout: opts.readyTimeoutMs ?? 20_000,
          algorithms: { serverHostKey: preferKnown(known) as never },
          hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
            verifyHostKey(key, policy).then(
              (fp) => {
                fingerprint = fp;
                verify(true);
              },
              (error: unknown) => {
                refusal = error;
                verify(false);
              },
            );
          },
          authHandler: createAuthHandler(target, opts.prompter, (error) => {
            refusal = error;
          }),
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

function forward(jump: SshClient, target: HostTarget): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, target.address, target.port, (error, stream) => {
      if (error) {
        reject(
          new ExternalError(
            `the jump host could not reach ${target.address}:${target.port}: ${error.message}`,
          ),
        );
      } else resolve(stream);
    });
  });
}

function endClient(client: SshClient): Promise<void> {
  return new Promise((resolve) => {
    client.once('close', () => resolve());
    client.end();
    setTimeout(resolve, 2000).unref();
  });
}

function connectionError(target: HostTarget, error: Error & { code?: string; level?: string }): Error {
  const where = describeTarget(target);
  if (error.level === 'client-authentication') {
    return new UserError(
      `${where} accepted none of our credentials`,
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
  if (/timed out/i.test(error.message)) {
    return new ExternalError(
      `${where}: timed out while connecting`,
      'Check the network path to the clinic host.',
    );
  }
  return new ExternalError(`SSH to ${where} failed: ${error.message}`, undefined, { cause: error });
}
