import { UserError } from '../errors.js';
import {
  entryMatchesHost,
  fingerprintOf,
  type KnownHostEntry,
  keyTypeOf,
  knownHostName,
  readKnownHosts,
  recordHostKey,
} from './known-hosts.js';
import type { HostPrompter } from './prompts.js';

/** What decides whether a host key is trusted. */
export interface HostKeyPolicy {
  address: string;
  port: number;
  knownHostsPath: string;
  /** A SHA256:… fingerprint from the answers file (the technician's word): the key must match it, and is trusted. */
  pin?: string;
  /** The fingerprint the clinic record in the ngrok account remembers: the key must match it; trusts nothing. */
  recordedKey?: string;
  acceptNewHostKey: boolean;
  prompter: HostPrompter;
}

/**
 * Decides on a host key as OpenSSH does: a known matching key is trusted, a changed or revoked key is refused
 * always (no flag overrides it), an unknown key is trusted only by a matching pin, --accept-new-host-key, or the
 * person at the keyboard; then it is recorded. A fingerprint from the clinic record only refuses: a key that
 * differs from it (known or not) is refused, a matching unknown key still needs one of the above. Returns the
 * fingerprint, or throws a UserError.
 */
export async function verifyHostKey(keyBlob: Buffer, policy: HostKeyPolicy): Promise<string> {
  const name = knownHostName(policy.address, policy.port);
  const keyType = keyTypeOf(keyBlob);
  const fingerprint = fingerprintOf(keyBlob);
  const keyBase64 = keyBlob.toString('base64');
  const entries = (await readKnownHosts(policy.knownHostsPath)).filter(
    (entry) => entry.marker !== 'cert-authority' && entryMatchesHost(entry, name),
  );
  if (entries.some((entry) => entry.marker === 'revoked' && entry.keyBase64 === keyBase64)) {
    throw new UserError(
      `the host key of ${name} (${fingerprint}) is marked @revoked in ${policy.knownHostsPath}`,
    );
  }
  if (policy.pin && policy.pin !== fingerprint) throw changedKeyError(name, keyType, fingerprint, policy);
  if (policy.recordedKey && policy.recordedKey !== fingerprint) {
    throw recordedKeyError(name, keyType, fingerprint, policy.recordedKey);
  }
  const known = entries.filter((entry) => !entry.marker);
  if (known.some((entry) => entry.keyBase64 === keyBase64)) return fingerprint;
  if (known.length > 0) throw changedKeyError(name, keyType, fingerprint, policy);
  if (!policy.pin && !policy.acceptNewHostKey) {
    const trusted = await policy.prompter.confirmHostKey({ host: name, keyType, fingerprint });
    if (!trusted) throw new UserError(`host key of ${name} not accepted`, 'Nothing was changed on the host.');
  }
  await recordHostKey(policy.knownHostsPath, name, keyBlob);
  return fingerprint;
}

/** The key types known for a host, so the handshake can prefer them (as OpenSSH orders HostKeyAlgorithms). */
export async function knownKeyTypes(policy: Pick<HostKeyPolicy, 'address' | 'port' | 'knownHostsPath'>) {
  const name = knownHostName(policy.address, policy.port);
  const entries: KnownHostEntry[] = await readKnownHosts(policy.knownHostsPath);
  return [...new Set(entries.filter((e) => !e.marker && entryMatchesHost(e, name)).map((e) => e.keyType))];
}

function changedKeyError(
  name: string,
  keyType: string,
  fingerprint: string,
  policy: HostKeyPolicy,
): UserError {
  const expected = policy.pin
    ? `the pinned host.host_key ${policy.pin}`
    : `the key in ${policy.knownHostsPath}`;
  return new UserError(
    [
      '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
      '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
      '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
      'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
      `The ${keyType} key sent by ${name} has fingerprint ${fingerprint}, which does not match ${expected}.`,
      'Host key verification failed; nothing was sent to the host.',
    ].join('\n'),
    `If the host was really reinstalled, confirm the new fingerprint with the clinic, then remove the old entry (ssh-keygen -R '${name}' -f ${policy.knownHostsPath}) or update host.host_key. No flag overrides this.`,
  );
}

// The record is not trusted, so a disagreement is not proof of an attack: it may be the record that is wrong.
function recordedKeyError(name: string, keyType: string, fingerprint: string, recorded: string): UserError {
  return new UserError(
    `The ${keyType} key sent by ${name} has fingerprint ${fingerprint}, but the clinic record in the ngrok account names ${recorded}. Host key verification failed; nothing was sent to the host.`,
    'Either the host was reinstalled or the record was edited. Confirm the fingerprint with the clinic (ssh-keygen -lf on the host), then onboard the clinic again from its answers: that rewrites the record with the key it verifies.',
  );
}
