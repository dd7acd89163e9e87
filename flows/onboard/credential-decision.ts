import { credentialInConfig } from '../../source/clinic-record/agent-metadata.js';
import { buildClinicRecord } from '../../source/clinic-record/build.js';
import { generationOf } from '../../source/clinic-record/credentials.js';
import { formatClinicRecord } from '../../source/clinic-record/record.js';
import { UserError } from '../../source/errors.js';
import type { ClinicHost } from '../../source/host/clinic-host.js';
import { parseTag } from '../../source/ngrok/tags.js';
import type { Credential } from '../../source/ngrok/types.js';
import { registerSecret } from '../redact.js';
import type { OnboardCtx } from './context.js';
import { openClinicHosts } from './context.js';

/** What the host stage will do about the clinic's authtoken, decided once per run from live state. */
export interface CredentialDecision {
  hosts: ClinicHost[];
  /** Each host's current ngrok.yml (holds a token: memory only). */
  remote: Map<ClinicHost['role'], string | undefined>;
  serviceUserId: string | undefined;
  /** The credential every host already holds, with its token read back from the host; else a new one is made. */
  keep?: { credential: Credential; token: string };
  /** The credential's generation: the kept one's, else one more than any of the clinic's credentials. */
  generation: number;
  /** The ACL the credential must carry. */
  acl: string[];
  /** Tagged credentials of this clinic that no host will hold once this run is done. */
  orphans: Credential[];
}

/** The ACL every clinic credential gets: bind only the clinic's own internal endpoints. */
export function clinicAcl(clinicId: string): string[] {
  return [`bind:*.${clinicId}.internal`];
}

/** Decides (once per run, shared by the host steps' plans) whether to keep the hosts' credential or make one. */
export function credentialDecision(ctx: OnboardCtx): Promise<CredentialDecision> {
  ctx.state.credentialDecision ??= decide(ctx);
  return ctx.state.credentialDecision;
}

async function decide(ctx: OnboardCtx): Promise<CredentialDecision> {
  const clinic = ctx.spec.clinic.id;
  const [hosts, credentials, serviceUser] = await Promise.all([
    openClinicHosts(ctx),
    ctx.account.credentials(),
    ctx.account.serviceUser(),
  ]);
  if (!serviceUser && ctx.stage === 'host') {
    throw new UserError(
      `The service user of ${clinic} does not exist yet.`,
      'Run `clinic-tui onboard --stage cloud` first (or --stage all).',
    );
  }
  const texts = await Promise.all(hosts.map((host) => host.readConfig()));
  const remote = new Map(hosts.map((host, index) => [host.role, texts[index]]));
  const held = texts.map(credentialInConfig);
  const first = held[0];
  const sameEverywhere = held.every((entry) => entry.id === first?.id && entry.token === first?.token);
  const found = sameEverywhere ? credentials.find((credential) => credential.id === first?.id) : undefined;
  const keep = found && first?.token ? { credential: found, token: first.token } : undefined;
  if (keep) registerSecret(keep.token);

  const generation = keep ? generationOf(keep.credential) : Math.max(0, ...credentials.map(generationOf)) + 1;
  return {
    hosts,
    remote,
    serviceUserId: serviceUser?.id,
    ...(keep ? { keep } : {}),
    generation,
    acl: clinicAcl(clinic),
    orphans: credentials.filter((credential) => credential.id !== keep?.credential.id),
  };
}

/**
 * The credential's metadata: the clinic's full record. Asked for when it is written, so it holds the reserved TCP
 * addresses made earlier in the same run (the account view keeps them).
 */
export async function recordMetadata(ctx: OnboardCtx, decision: CredentialDecision): Promise<string> {
  const reserved = (await ctx.account.reservedAddrs()).flatMap((addr): [string, string][] => {
    const service = parseTag(addr.metadata)?.service;
    return service ? [[service, addr.addr]] : [];
  });
  const hostKeys = Object.fromEntries(decision.hosts.map((host) => [host.role, host.fingerprint]));
  return formatClinicRecord(
    buildClinicRecord(ctx.spec, {
      generation: decision.generation,
      hostKeys,
      reservedAddrs: new Map(reserved),
    }),
  );
}

/** True when the kept credential's record or ACL is out of date. */
export function needsRecordUpdate(decision: CredentialDecision, metadata: string): boolean {
  if (!decision.keep) return false;
  const { credential } = decision.keep;
  return credential.metadata !== metadata || credential.acl.join('\n') !== decision.acl.join('\n');
}
