import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import { UserError } from '../errors.js';
import type { HostSpec } from '../spec/schema.js';

/** Where and as whom to connect; one optional jump host in front (ProxyJump). */
export interface HostTarget {
  address: string;
  port: number;
  user: string;
  identityFile?: string;
  /** ~/.ssh/config's IdentitiesOnly yes: log in with the named identity only, never ssh-agent's other keys. */
  identitiesOnly?: boolean;
  /** A pinned SHA256:… fingerprint (the answers file's host.host_key): the key must match it, and is trusted. */
  hostKey?: string;
  /**
   * The fingerprint the clinic record remembers: the key must match it, but it trusts nothing by itself (the
   * record is editable by anyone with the API key); known_hosts or the technician still decides.
   */
  recordedHostKey?: string;
  proxyJump?: HostTarget;
}

/** The target an answers file describes. */
export function targetFromSpec(host: HostSpec): HostTarget {
  return {
    address: host.address,
    port: host.port,
    user: host.user,
    ...(host.identity_file ? { identityFile: expandHome(host.identity_file) } : {}),
    ...(host.host_key ? { hostKey: host.host_key } : {}),
  };
}

/**
 * The target an answers file describes, completed from ~/.ssh/config as ssh would: when host.address is a Host
 * alias there, its HostName, IdentityFile (unless the answers file names one), IdentitiesOnly and one ProxyJump
 * hop apply. User
 * and port stay as the answers file says.
 */
export async function resolveSpecTarget(
  host: HostSpec,
  sshConfigPath = defaultSshConfigPath(),
): Promise<HostTarget> {
  return resolveTarget(targetFromSpec(host), sshConfigPath);
}

async function resolveTarget(
  target: HostTarget,
  sshConfigPath = defaultSshConfigPath(),
): Promise<HostTarget> {
  const config = await loadSshConfig(sshConfigPath);
  if (!config) return target;
  const computed = config.compute(target.address);
  const hostName = firstValue(computed.HostName);
  const identity = firstValue(computed.IdentityFile);
  const proxyJump = jumpTarget(computed, config);
  return {
    ...target,
    ...(hostName ? { address: hostName } : {}),
    ...(identity && !target.identityFile ? { identityFile: expandHome(identity) } : {}),
    ...(identitiesOnly(computed) ? { identitiesOnly: true } : {}),
    ...(proxyJump ? { proxyJump } : {}),
  };
}

/** The default ~/.ssh/config path. */
export function defaultSshConfigPath(): string {
  return join(homedir(), '.ssh', 'config');
}

/**
 * Reads `user@addr[:port]`, `addr`, `[v6]:port`, or an ~/.ssh/config alias. Values from the config (HostName, Port,
 * User, IdentityFile, IdentitiesOnly, one ProxyJump hop) fill what the argument leaves out, as OpenSSH does.
 */
export async function parseHostArg(arg: string, sshConfigPath = defaultSshConfigPath()): Promise<HostTarget> {
  const parsed = splitHostArg(arg);
  const config = await loadSshConfig(sshConfigPath);
  const target = resolveWithConfig(parsed, config);
  const proxyJump = config ? jumpTarget(config.compute(parsed.host), config) : undefined;
  return proxyJump ? { ...target, proxyJump } : target;
}

// One ProxyJump hop, resolved through the same config; `none` turns it off, as in OpenSSH.
function jumpTarget(computed: Record<string, string | string[]>, config: SSHConfig): HostTarget | undefined {
  const jump = firstValue(computed.ProxyJump);
  if (!jump || jump.toLowerCase() === 'none') return undefined;
  if (jump.includes(',')) {
    throw new UserError(`ProxyJump "${jump}" has more than one hop`, 'Only one jump host is supported.');
  }
  return resolveWithConfig(splitHostArg(jump), config);
}

interface HostArgParts {
  user?: string;
  host: string;
  port?: number;
}

/** Splits `user@host:port` (IPv6 in brackets) without consulting any config. */
export function splitHostArg(arg: string): HostArgParts {
  const match = /^(?:([^@\s]+)@)?(\[[0-9a-fA-F:.]+\]|[^:@\s[\]]+)(?::(\d{1,5}))?$/.exec(arg.trim());
  if (!match) {
    throw new UserError(
      `"${arg}" is not a host`,
      'Give user@address[:port] or a Host alias from ~/.ssh/config.',
    );
  }
  const [, user, rawHost = '', port] = match;
  const host = rawHost.replace(/^\[|\]$/g, '');
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw new UserError(`port ${port} is out of range`, 'Use a port from 1 to 65535.');
  }
  return { host, ...(user ? { user } : {}), ...(port ? { port: Number(port) } : {}) };
}

/** ~/.ssh/config parsed; undefined when there is none, a UserError when it cannot be read. */
export async function loadSshConfig(path: string): Promise<SSHConfig | undefined> {
  try {
    return SSHConfig.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(
      `cannot read ${path}: ${(error as Error).message}`,
      'Fix the file or pass --host user@addr.',
    );
  }
}

function resolveWithConfig(parts: HostArgParts, config: SSHConfig | undefined): HostTarget {
  const computed = config?.compute(parts.host) ?? {};
  const identity = firstValue(computed.IdentityFile);
  const user = parts.user ?? firstValue(computed.User) ?? process.env.USER;
  if (!user) {
    throw new UserError(`no user for ${parts.host}`, 'Give user@address or set User in ~/.ssh/config.');
  }
  return {
    address: firstValue(computed.HostName) ?? parts.host,
    port: parts.port ?? Number(firstValue(computed.Port) ?? 22),
    user,
    ...(identity ? { identityFile: expandHome(identity) } : {}),
    ...(identitiesOnly(computed) ? { identitiesOnly: true } : {}),
  };
}

// https://man.openbsd.org/ssh_config#IdentitiesOnly: with more agent keys than the host's MaxAuthTries, trying
// them all first ends the login before the right key is offered.
function identitiesOnly(computed: Record<string, string | string[]>): boolean {
  return firstValue(computed.IdentitiesOnly)?.toLowerCase() === 'yes';
}

/** The first value of an ssh_config keyword, as OpenSSH takes it. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Expands a leading ~/ as OpenSSH does for IdentityFile. */
export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/** `user@host` or `user@[host]:port`, for messages. */
export function describeTarget(target: HostTarget): string {
  return target.port === 22
    ? `${target.user}@${target.address}`
    : `${target.user}@${target.address}:${target.port}`;
}

/** `user@address[:port]` as --host reads it back (splitHostArg): brackets only around an IPv6 address. */
export function hostArg(target: Pick<HostTarget, 'user' | 'address' | 'port'>): string {
  const address = target.address.includes(':') ? `[${target.address}]` : target.address;
  return target.port === 22 ? `${target.user}@${address}` : `${target.user}@${address}:${target.port}`;
}
