import { parseTag, serviceUserName } from '../../source/ngrok/tags.js';
import type { Credential, ReservedAddr, ServiceUser } from '../../source/ngrok/types.js';
import { whyKeepAddr } from '../cloud-ownership.js';
import { deleteIfPresent } from '../ignore-gone.js';
import type { Change } from '../step.js';
import type { AccountView } from './account.js';
import { type OnboardCtx, onboardStep } from './context.js';
import { credentialStep } from './credential.js';
import { oldestFirst } from './oldest-first.js';
import { orphanCredentialsStep, unheldCredentials } from './orphans.js';
import { verifyStep } from './verify.js';

/** One resource to delete. */
interface Duplicate {
  change: Change & { kind: 'delete'; id: string };
  remove(): Promise<void>;
}

/** What the duplicates come to: the deletes, and the notes on duplicates that must wait or are not the clinic's. */
interface Found {
  doomed: Duplicate[];
  notes: Change[];
}

/**
 * The clinic's reserved addresses split into its own and those another clinic's cloud endpoint is on (tagged for
 * this clinic, but that clinic's: kept, with the reason).
 */
async function judgeAddrs(ctx: OnboardCtx, account: AccountView) {
  const [addrs, endpoints] = await Promise.all([account.reservedAddrs(), account.cloudEndpoints()]);
  const own: ReservedAddr[] = [];
  const kept: Change[] = [];
  for (const addr of addrs) {
    const why = await whyKeepAddr(addr, endpoints, ctx.spec.clinic.id);
    if (why) kept.push({ kind: 'none', subject: why, id: addr.id });
    else own.push(addr);
  }
  return { own, kept };
}

/** The clinic's reserved addresses beyond the oldest one of each service. */
function extraAddrs(addrs: ReservedAddr[]): ReservedAddr[] {
  const seen = new Set<string>();
  return oldestFirst(addrs).filter((addr) => {
    const service = parseTag(addr.metadata)?.service ?? '';
    if (seen.has(service)) return true;
    seen.add(service);
    return false;
  });
}

/**
 * The clinic's service users beyond the one kept (the oldest that owns no other clinic's credential), each with
 * the authtokens it owns. A user named `clinic-tui/<id>` that owns another clinic's credential is that clinic's:
 * never one of these. One named user is no duplicate, so the credentials are judged only when there are more.
 */
async function duplicateUsers(account: AccountView): Promise<{ user: ServiceUser; owned: Credential[] }[]> {
  if ((await account.serviceUsers()).length < 2) return [];
  const extra = (await account.clinicServiceUsers()).slice(1);
  return Promise.all(extra.map(async (user) => ({ user, owned: await account.ownedBy(user.id) })));
}

/**
 * Every duplicate the clinic's tags identify, besides the cloud endpoints (their step deletes those) and the
 * unused authtokens (the orphans step): reserved addresses beyond the oldest per service (one another clinic's
 * cloud endpoint is on is noted, never deleted), and the clinic's service
 * users beyond the kept one, each with the authtokens it owns. `mayBeHeld` says whether a host may hold an
 * authtoken: a user owning one is kept, so no running agent loses its session.
 */
async function findDuplicates(
  ctx: OnboardCtx,
  account: AccountView,
  mayBeHeld: (credential: Credential) => boolean,
): Promise<Found> {
  const [addrs, users] = await Promise.all([judgeAddrs(ctx, account), duplicateUsers(account)]);
  const found: Found = { doomed: [], notes: addrs.kept };
  for (const addr of extraAddrs(addrs.own))
    found.doomed.push({
      change: { kind: 'delete', subject: `duplicate TCP address ${addr.addr}`, id: addr.id },
      remove: () => ctx.api.reservedAddrs.delete(addr.id),
    });
  const name = serviceUserName(ctx.spec.clinic.id);
  for (const { user, owned } of users) {
    if (owned.some(mayBeHeld)) {
      found.notes.push({
        kind: 'none',
        subject: `duplicate service user ${name} (${user.id}): kept while its authtoken may be in use; \`onboard --stage host\` replaces it`,
      });
      continue;
    }
    for (const credential of owned)
      found.doomed.push({
        change: { kind: 'delete', subject: 'authtoken of a duplicate service user', id: credential.id },
        remove: () => ctx.api.credentials.delete(credential.id),
      });
    found.doomed.push({
      change: { kind: 'delete', subject: `duplicate service user ${name}`, id: user.id },
      remove: () => ctx.api.serviceUsers.delete(user.id),
    });
  }
  return found;
}

/** The users named `clinic-tui/<id>` that are another clinic's (they own its credential): kept, and said why. */
async function foreignUserNotes(ctx: OnboardCtx): Promise<Change[]> {
  const clinicId = ctx.spec.clinic.id;
  return (await ctx.account.foreignServiceUsers()).map(({ user, foreign }) => ({
    kind: 'none',
    subject: `keep service user ${user.id} (named ${user.name} but owns ${foreign.clinic}'s authtoken ${foreign.credential.id}): not ${clinicId}'s`,
    id: user.id,
  }));
}

/**
 * Removes what two runs racing from two laptops leave twice (ngrok's API has no idempotency keys): the oldest of
 * each is kept, so racing runs agree on which. Of the service users that is the one the service user step chose;
 * another clinic's user renamed `clinic-tui/<id>` is kept and reported. Runs last, once verify proved the clinic
 * online with what is kept.
 */
export const duplicatesStep = onboardStep({
  id: 'duplicates',
  title: 'Remove duplicates',
  needs: [verifyStep, orphanCredentialsStep, credentialStep],
  async plan(ctx) {
    // The cloud stage cannot see the hosts: any authtoken may be the one they hold. Otherwise the credential step
    // replaces one owned by a duplicate user, so none is kept for that.
    const cloudOnly = ctx.stage === 'cloud';
    const [{ orphans }, { doomed, notes }, foreign] = await Promise.all([
      unheldCredentials(ctx.account, ctx.spec.clinic.id, undefined),
      findDuplicates(ctx, ctx.account, () => cloudOnly),
      foreignUserNotes(ctx),
    ]);
    // The orphans step lists the clinic's own unused authtokens already.
    const listed = new Set(cloudOnly ? [] : orphans.map((credential) => credential.id));
    const deletes = doomed.map((one) => one.change).filter((change) => !listed.has(change.id));
    return { changes: [...deletes, ...notes, ...foreign] };
  },
  async apply(ctx, io) {
    const held = io.optionalOutput(credentialStep)?.id;
    const mayBeHeld = (credential: Credential) => ctx.stage === 'cloud' || credential.id === held;
    // Read anew: the steps before deleted and created since the plan read the account.
    const { doomed } = await findDuplicates(ctx, ctx.account.fresh(), mayBeHeld);
    // In order: a user's authtokens before the user.
    for (const duplicate of doomed) {
      await deleteIfPresent(duplicate.remove);
      io.change(duplicate.change);
    }
  },
});
