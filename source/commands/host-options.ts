import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import type { ClinicSpec } from '../spec/schema.js';

/** The SSH trust and login flags every command that reaches a clinic host takes. */
export interface HostFlags {
  acceptNewHostKey?: boolean;
  knownHosts?: string;
  identity?: string;
}

/** Adds --accept-new-host-key, --known-hosts and --identity, worded the same for every host command. */
export function addHostOptions(command: Command): Command {
  return command
    .option('--accept-new-host-key', 'trust and record an unknown host key (a changed key is always refused)')
    .option('--known-hosts <file>', 'the known_hosts file to check and record host keys in')
    .option('--identity <file>', 'the SSH private key for the clinic host (remembered on this laptop)');
}

/** The host-key trust the flags ask for, in the shape the SSH adapters take. */
export function hostTrust(flags: HostFlags): { knownHostsPath?: string; acceptNewHostKey?: boolean } {
  return {
    ...(flags.knownHosts ? { knownHostsPath: flags.knownHosts } : {}),
    ...(flags.acceptNewHostKey ? { acceptNewHostKey: true } : {}),
  };
}

/**
 * Checks the local files the host flags name before anything runs: a key that cannot be read, or a known_hosts
 * path that is a directory, would otherwise surface only at the SSH step, after the cloud side has changed.
 */
export async function checkHostFlags(flags: HostFlags): Promise<void> {
  if (flags.identity !== undefined) await checkIdentityFile(flags.identity, '--identity');
  if (flags.knownHosts !== undefined) {
    const info = await stat(flags.knownHosts).catch(() => undefined);
    if (flags.knownHosts === '' || (info && !info.isFile())) {
      throw new UserError(
        `--known-hosts ${flags.knownHosts || '""'} is not a file.`,
        'Give the path of a known_hosts file (it is created when missing), such as ~/.ssh/known_hosts.',
      );
    }
  }
}

/** Checks the identity files an answers file names (host and standby host), as --identity is checked. */
export async function checkSpecKeyFiles(spec: ClinicSpec): Promise<void> {
  for (const [field, host] of [
    ['host.identity_file', spec.host],
    ['standby_host.identity_file', spec.standby_host],
  ] as const) {
    if (host?.identity_file) await checkIdentityFile(host.identity_file, field);
  }
}

/** A private key file must be readable and be a key ssh2 can load (an encrypted one asks its passphrase later). */
async function checkIdentityFile(path: string, what: string): Promise<void> {
  // ssh2 is CommonJS: its named exports live on the default export once bundled.
  const [{ expandHome }, { default: ssh2 }] = await Promise.all([
    import('../host/target.js'),
    import('ssh2'),
  ]);
  const hint =
    'Give the path of an SSH private key (such as ~/.ssh/id_ed25519), or leave it out to use ssh-agent.';
  let data: Buffer;
  try {
    data = await readFile(expandHome(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code;
    throw new UserError(`${what} ${path} cannot be read: ${why}.`, hint);
  }
  const parsed = ssh2.utils.parseKey(data);
  const usable =
    parsed instanceof Error ? /encrypted|passphrase/i.test(parsed.message) : parsed.isPrivateKey();
  if (!usable) {
    throw new UserError(`${what} ${path} is not an SSH private key.`, hint);
  }
}
