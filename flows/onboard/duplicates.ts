import { otherClinicNamed } from '../../source/clinic-record/ownership.js';
import { collect } from '../../source/ngrok/client.js';
import { parseTag, serviceUserName } from '../../source/ngrok/tags.js';
import type { Credential, ReservedAddr } from '../../source/ngrok/types.js';
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

/** What the duplicates come to: the deletes, and the notes on duplicates that must wait. */
interface Found {
  doomed: Duplicate[];
  waiting: Change[];
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
 * Every duplicate the clinic's tags identify, besides the cloud endpoints (their step deletes those) and the
 * unused authtokens (the orphans step): reserved addresses beyond the oldest per service, and service users named
 * `clinic-tui/<id>` beyond the oldest, each with the authtokens it owns. `mayBeHeld` says whether a host may hold
 * an authtoken: a user owning one is kept, so no running agent loses its session. A user's name is editable, so a
 * user owning an authtoken whose tag or ACL names another clinic is that clinic's: kept whole, and reported.
 */
async function findDuplicates(
  ctx: OnboardCtx,
  account: AccountView,
  mayBeHeld: (credential: Credential) => boolean,
): Promise<Found> {
  const [addrs, users] = await Promise.all([account.reservedAddrs(), account.serviceUsers()]);
  const found: Found = { doomed: [], waiting: [] };
  for (const addr of extraAddrs(addrs))
    found.doomed.push({
      change: { kind: 'delete', subject: `duplicate TCP address ${addr.addr}`, id: addr.id },
      remove: () => ctx.api.reservedAddrs.delete(addr.id),
    });
  const name = serviceUserName(ctx.spec.clinic.id);
  for (const user of users.slice(1)) {
    const owned = await collect(ctx.api.credentials.list({ filter: `obj.owner_id == "${user.id}"` }));
    const foreign = owned.flatMap((credential) => {
      const other = otherClinicNamed(credential, ctx.spec.clinic.id);
      return other ? [`its authtoken ${credential.id} names ${other}`] : [];
    });
    if (foreign.length > 0) {
      found.waiting.push({
        kind: 'none',
        subject: `service user ${user.name} (${user.id}), not deleted: ${foreign[0]}`,
      });
      continue;
    }
    if (owned.some(mayBeHeld)) {
      found.waiting.push({
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

/**
 * Removes what two runs racing from two laptops leave twice (ngrok's API has no idempotency keys): the oldest of
 * each is kept, so racing runs agree on which. Runs last, once verify proved the clinic online with what is kept.
 */
export const duplicatesStep = onboardStep({
  id: 'duplicates',
  title: 'Remove duplicates',
  needs: [verifyStep, orphanCredentialsStep, credentialStep],
  async plan(ctx) {
    // The cloud stage cannot see the hosts: any authtoken may be the one they hold. Otherwise the credential step
    // replaces one owned by a duplicate user, so none is kept for that.
    const cloudOnly = ctx.stage === 'cloud';
    const [{ orphans }, { doomed, waiting }] = await Promise.all([
      unheldCredentials(ctx.account, ctx.spec.clinic.id, undefined),
      findDuplicates(ctx, ctx.account, () => cloudOnly),
    ]);
    // The orphans step lists the clinic's own unused authtokens already.
    const listed = new Set(cloudOnly ? [] : orphans.map((credential) => credential.id));
    return { changes: [...doomed.map((one) => one.change).filter((c) => !listed.has(c.id)), ...waiting] };
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
