import { credentialInConfig } from '../../source/clinic-record/agent-metadata.js';
import { buildClinicRecord } from '../../source/clinic-record/build.js';
import { formatClinicRecord } from '../../source/clinic-record/record.js';
import type { Credential } from '../../source/ngrok/types.js';
import { registerSecret } from '../redact.js';
import { type OnboardCtx, openClinicHosts } from './context.js';
import type { ReservedAddrs } from './reserved-addrs.js';

/** The credential the hosts hold after the credential step, and its token (memory only, never stored or shown). */
export interface ClinicCredential {
  id: string;
  token: string;
  /** True when this run made it (so it is new to every host). */
  created: boolean;
}

/**
 * The clinic credential every host already holds, with its token read back from the hosts' ngrok.yml (memory
 * only); undefined when the hosts hold none of the clinic's credentials, or not all the same one.
 */
async function heldCredential(
  ctx: OnboardCtx,
): Promise<{ credential: Credential; token: string } | undefined> {
  const [hosts, credentials] = await Promise.all([openClinicHosts(ctx), ctx.account.credentials()]);
  const held = (await Promise.all(hosts.map((host) => host.readConfig()))).map(credentialInConfig);
  const first = held[0];
  const sameEverywhere = held.every((entry) => entry.id === first?.id && entry.token === first?.token);
  const found = sameEverywhere ? credentials.find((credential) => credential.id === first?.id) : undefined;
  if (!found || !first?.token) return undefined;
  registerSecret(first.token);
  return { credential: found, token: first.token };
}

/**
 * The credential the hosts hold, when it can be kept; else why a new one is made, as a note for the plan. One owned
 * by a duplicate of the clinic's service user is replaced, since that user is deleted.
 */
export async function keepableCredential(
  ctx: OnboardCtx,
): Promise<{ held: { credential: Credential; token: string } } | { note: string }> {
  const [held, users, credentials] = await Promise.all([
    heldCredential(ctx),
    ctx.account.clinicServiceUsers(),
    ctx.account.credentials(),
  ]);
  if (!held) return { note: credentials.length > 0 ? ' (the host does not hold any existing one)' : '' };
  if (users.slice(1).some((user) => user.id === held.credential.owner_id))
    return { note: " (the host's belongs to a duplicate service user)" };
  return { held };
}

/** The credential's metadata: the clinic's full record, with the hosts' keys and the reserved TCP addresses. */
export async function recordMetadata(
  ctx: OnboardCtx,
  generation: number,
  reservedAddrs: ReservedAddrs,
): Promise<string> {
  const hosts = await openClinicHosts(ctx);
  const hostKeys = Object.fromEntries(hosts.map((host) => [host.role, host.fingerprint]));
  return formatClinicRecord(buildClinicRecord(ctx.spec, { generation, hostKeys, reservedAddrs }));
}

/** True when a kept credential's record or ACL is out of date. */
export function needsRecordUpdate(credential: Credential, metadata: string, acl: string[]): boolean {
  return credential.metadata !== metadata || credential.acl.join('\n') !== acl.join('\n');
}
