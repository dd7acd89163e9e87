import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * OpenSSH known_hosts, read the way ssh reads it: plain and hashed (`|1|salt|hash`) names, `[host]:port` for
 * non-22 ports, comma lists, `*`/`?` patterns with `!` negation, and `@revoked` markers. `@cert-authority` lines
 * are skipped: we never accept host certificates.
 */
export interface KnownHostEntry {
  marker?: 'revoked' | 'cert-authority';
  hosts: string;
  keyType: string;
  keyBase64: string;
}

/** The default ~/.ssh/known_hosts path. */
export function defaultKnownHostsPath(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/** SHA256:… as `ssh-keygen -lf` prints it (base64 without padding). */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob, such as ssh-ed25519. */
export function keyTypeOf(keyBlob: Buffer): string {
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString('ascii');
}

/** Parses known_hosts text; malformed lines are ignored, as ssh ignores them. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields.shift() === '@revoked' ? 'revoked' : 'cert-authority';
    }
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64) continue;
    entries.push({ hosts, keyType, keyBase64, ...(marker ? { marker } : {}) });
  }
  return entries;
}

/** Whether an entry's host field names this host (hashed or plain, with patterns and negation). */
export function entryMatchesHost(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.startsWith('|1|')) return hashedNameMatches(entry.hosts, name);
  let matched = false;
  for (const pattern of entry.hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (globMatches(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function hashedNameMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (!salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

function globMatches(pattern: string, name: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i').test(name);
}

/** Reads a known_hosts file; a missing file is an empty one. */
export async function readKnownHosts(path: string): Promise<KnownHostEntry[]> {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Appends an accepted key as a plain known_hosts line, creating ~/.ssh (0700) and the file (0600) if needed. */
export async function recordHostKey(path: string, name: string, keyBlob: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const existing = await readFile(path, 'utf8');
    if (existing !== '' && !existing.endsWith('\n')) prefix = '\n';
  } catch {
    // A missing file is created by appendFile below.
  }
  const line = `${prefix}${name} ${keyTypeOf(keyBlob)} ${keyBlob.toString('base64')}\n`;
  await appendFile(path, line, { mode: 0o600 });
}
