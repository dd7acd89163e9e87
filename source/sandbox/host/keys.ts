import { chmodSync, writeFileSync } from 'node:fs';
import ssh2, { type ParsedKey } from 'ssh2';
import { fingerprintOf } from '../../host/known-hosts.js';

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
const { utils } = ssh2;

/** A fresh ed25519 key pair in OpenSSH format, with its parsed public half. */
export interface SandboxKey {
  privateKey: string;
  publicKey: ParsedKey;
  /** `ssh-ed25519 AAAA…`, as in authorized_keys and known_hosts. */
  publicLine: string;
  fingerprint: string;
}

/**
 * Generates a key pair for the sandbox (host key or client key). ssh2 1.17 produces, about once in 200 ed25519
 * pairs (measured: 15 in 3,000), a key that its own parser rejects as "Malformed OpenSSH public key"; such a pair is
 * thrown away and generated again, so a test never fails on it.
 */
export function generateKey(comment: string): SandboxKey {
  for (let attempt = 1; ; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519', { comment });
    const parsed = utils.parseKey(pair.public);
    const parsedPrivate = utils.parseKey(pair.private);
    if (!(parsed instanceof Error) && !(parsedPrivate instanceof Error))
      return describeKey(pair.private, parsed);
    if (attempt === 20) throw parsed instanceof Error ? parsed : parsedPrivate;
  }
}

function describeKey(privateKey: string, parsed: ParsedKey): SandboxKey {
  const blob = parsed.getPublicSSH();
  return {
    privateKey,
    publicKey: parsed,
    publicLine: `${parsed.type} ${blob.toString('base64')}`,
    fingerprint: fingerprintOf(blob),
  };
}

/** Writes a private key file with mode 0600, as ssh requires. */
export function writePrivateKey(path: string, key: SandboxKey): void {
  writeFileSync(path, key.privateKey);
  chmodSync(path, 0o600);
}
