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
import type { TakeTurn } from './prompt-turns.js';
import type { HostKeyInfo, HostPrompter } from './prompts.js';
import { hostArg } from './target.js';

/** What decides whether a host key is trusted. */
export interface HostKeyPolicy {
  address: string;
  port: number;
  /** The login user, for advice that names the host as --host reads it. */
  user: string;
  knownHostsPath: string;
  /** A SHA256:… fingerprint from the answers file (the technician's word): the key must match it, and is trusted. */
  pin?: string;
  /** The fingerprint the clinic record in the ngrok account remembers: the key must match it; trusts nothing. */
  recordedKey?: string;
  acceptNewHostKey: boolean;
  /**
   * The address was read from the clinic record in the ngrok account, which anyone with the API key can edit:
   * --accept-new-host-key does not apply, so an unknown key needs the person at the keyboard or a pin.
   */
  addressFromRecord?: boolean;
  prompter: HostPrompter;
  /** Where the question about an unknown key waits its turn behind other hosts' questions. */
  turn?: TakeTurn;
}

/**
 * Decides on a host key as OpenSSH does: a known matching key is trusted, a changed or revoked key is refused
 * always (no flag overrides it), an unknown key is trusted only by a matching pin, --accept-new-host-key (not for
 * an address from the clinic record), or the person at the keyboard; then it is recorded. A fingerprint from the
 * clinic record only refuses: a key that differs from it (known or not) is refused, a matching unknown key still
 * needs one of the above. Returns the fingerprint, or throws a UserError.
 */
export async function verifyHostKey(keyBlob: Buffer, policy: HostKeyPolicy): Promise<string> {
  const fingerprint = fingerprintOf(keyBlob);
  if (await isKnown(keyBlob, policy)) return fingerprint;
  const turn = policy.turn ?? ((fn) => fn());
  return turn(async () => {
    // Another host under the same name (a standby reached by the same address) may have had this very key
    // confirmed and recorded while this one waited: read known_hosts again rather than ask twice.
    if (await isKnown(keyBlob, policy)) return fingerprint;
    await trustUnknownKey(keyBlob, policy);
    await recordHostKey(policy.knownHostsPath, knownHostName(policy.address, policy.port), keyBlob);
    return fingerprint;
  });
}

/** True for a key known_hosts trusts; false for an unknown one; throws for a revoked, changed or unpinned one. */
async function isKnown(keyBlob: Buffer, policy: HostKeyPolicy): Promise<boolean> {
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
  if (known.some((entry) => entry.keyBase64 === keyBase64)) return true;
  if (known.length > 0) throw changedKeyError(name, keyType, fingerprint, policy);
  return false;
}

/** Resolves when an unknown key may be trusted: pinned, accepted by flag, or confirmed by the person. */
async function trustUnknownKey(keyBlob: Buffer, policy: HostKeyPolicy): Promise<void> {
  if (policy.pin) return;
  if (policy.acceptNewHostKey && !policy.addressFromRecord) return;
  const info = {
    host: knownHostName(policy.address, policy.port),
    keyType: keyTypeOf(keyBlob),
    fingerprint: fingerprintOf(keyBlob),
  };
  let trusted: boolean;
  try {
    trusted = await policy.prompter.confirmHostKey(info);
  } catch (error) {
    // Nobody at the keyboard: the headless advice (--accept-new-host-key) would not help with this address.
    if (policy.addressFromRecord && error instanceof UserError) throw recordedAddressError(info, policy);
    throw error;
  }
  if (!trusted)
    throw new UserError(`host key of ${info.host} not accepted`, 'Nothing was changed on the host.');
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

// Trust must come from this laptop (known_hosts, the person, an answers file), never from the account.
function recordedAddressError(info: HostKeyInfo, policy: HostKeyPolicy): UserError {
  return new UserError(
    `the host key of ${info.host} is not known (${info.keyType} ${info.fingerprint}), and this address comes from the clinic record in the ngrok account, which anyone with the API key can edit: --accept-new-host-key does not apply to it. Nothing was sent to the host.`,
    `Confirm the fingerprint with the clinic, then either run in a terminal and accept it there, pin it as host.host_key in an answers file (--answers FILE), or record it with clinic-tui doctor --host ${hostArg(policy)} --accept-new-host-key.`,
  );
}
