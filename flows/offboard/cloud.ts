import { otherClinicNamed } from '../../source/clinic-record/ownership.js';
import { hasTag } from '../../source/ngrok/tags.js';
import { allSettled } from '../all-settled.js';
import { whyKeepAddr, whyKeepEndpoint } from '../cloud-ownership.js';
import { deleteIfPresent } from '../ignore-gone.js';
import type { Change } from '../step.js';
import { type OffboardCtx, offboardStep } from './context.js';

interface Doomed {
  id: string;
  subject: string;
  remove: () => Promise<void>;
}

/** What a step deletes, and what it leaves alone with the reason (planned as `none`). */
interface Found {
  doomed: Doomed[];
  kept: Change[];
}

/**
 * Sorts resources into those deleted and those kept: `kept` says why one is left alone (the plan's `none` line), or
 * undefined for one of the clinic's.
 */
async function sortOut<T extends { id: string }>(
  items: readonly T[],
  kept: (item: T) => Promise<string | undefined> | string | undefined,
  doomed: (item: T) => Omit<Doomed, 'id'>,
): Promise<Found> {
  const found: Found = { doomed: [], kept: [] };
  for (const item of items) {
    const why = await kept(item);
    if (why) found.kept.push({ kind: 'none', subject: why, id: item.id });
    else found.doomed.push({ id: item.id, ...doomed(item) });
  }
  return found;
}

/** A step that deletes a list of resources, planning one `delete` per resource. */
function deleteStep<const Id extends string>(
  id: Id,
  title: string,
  find: (ctx: OffboardCtx) => Promise<Found>,
) {
  return offboardStep({
    id,
    title,
    async plan(ctx) {
      const { doomed, kept } = await find(ctx);
      return {
        changes: [
          ...doomed.map((one): Change => ({ kind: 'delete', subject: one.subject, id: one.id })),
          ...kept,
        ],
      };
    },
    async apply(ctx, io) {
      await allSettled(
        (await find(ctx)).doomed.map(async (doomed) => {
          await deleteIfPresent(doomed.remove);
          io.change({ kind: 'delete', subject: doomed.subject, id: doomed.id });
        }),
      );
    },
  });
}

/**
 * The clinic's public cloud endpoints: tagged for it, less any whose policy forwards to another clinic's internal
 * endpoint (a tag is editable: such an endpoint is that clinic's, and is kept and reported).
 */
export const deleteEndpointsStep = deleteStep('cloud.endpoints', 'Delete the cloud endpoints', async (ctx) =>
  sortOut(
    (await ctx.account.cloudEndpoints()).filter((endpoint) =>
      hasTag(endpoint.metadata, { clinic: ctx.clinicId, role: 'cloud-endpoint' }),
    ),
    (endpoint) => whyKeepEndpoint(endpoint, ctx.clinicId),
    (endpoint) => ({
      subject: `cloud endpoint ${endpoint.url}`,
      remove: () => ctx.api.endpoints.delete(endpoint.id),
    }),
  ),
);

/**
 * The clinic's authtokens: those its service users own (tagged or not). Names, tags and ACLs are editable by
 * anyone with the API key, so an authtoken whose tag or ACL names another clinic is left alone, and so is a
 * tagged one none of the clinic's service users owns (a credential's owner cannot be changed).
 */
export const deleteCredentialsStep = deleteStep('cloud.credentials', 'Revoke the authtokens', async (ctx) => {
  // Only the clinic's own users (none owning another clinic's authtoken; names are editable): their authtokens come
  // from the account's one read of its credentials.
  const users = await ctx.account.clinicServiceUsers();
  const owned = (await Promise.all(users.map((user) => ctx.account.ownedBy(user.id)))).flat();
  const ownedIds = new Set(owned.map((credential) => credential.id));
  const all = new Map(
    [...(await ctx.account.credentials()), ...owned].map((credential) => [credential.id, credential]),
  );
  return sortOut(
    [...all.values()],
    (credential) => {
      const other = otherClinicNamed(credential, ctx.clinicId);
      if (other) return `authtoken, not deleted: it names ${other}`;
      return ownedIds.has(credential.id)
        ? undefined
        : `authtoken, not deleted: no service user of ${ctx.clinicId} owns it`;
    },
    (credential) => ({ subject: 'authtoken', remove: () => ctx.api.credentials.delete(credential.id) }),
  );
});

/**
 * The clinic's reserved TCP addresses (after the endpoints that used them), less any another clinic's cloud
 * endpoint is on (its tag is editable too: such an address is kept and reported).
 */
export const deleteAddrsStep = deleteStep(
  'cloud.reserved-addrs',
  'Release the reserved TCP addresses',
  async (ctx) => {
    const [addrs, endpoints] = await Promise.all([ctx.account.reservedAddrs(), ctx.account.cloudEndpoints()]);
    return sortOut(
      addrs,
      (addr) => whyKeepAddr(addr, endpoints, ctx.clinicId),
      (addr) => ({
        subject: `TCP address ${addr.addr}`,
        remove: () => ctx.api.reservedAddrs.delete(addr.id),
      }),
    );
  },
);

/**
 * The clinic's service user, and any duplicate a race made, last (the shared wildcard domain is kept). A user
 * owning an authtoken whose tag or ACL names another clinic is that clinic's, whatever its (editable) name says.
 */
export const deleteServiceUserStep = deleteStep(
  'cloud.service-user',
  'Delete the service user',
  async (ctx) => {
    const foreign = new Map(
      (await ctx.account.foreignServiceUsers()).map((one) => [one.user.id, one.foreign]),
    );
    return sortOut(
      await ctx.account.serviceUsers(),
      (user) => {
        const named = foreign.get(user.id);
        return (
          named &&
          `service user ${user.name}, not deleted: its authtoken ${named.credential.id} names ${named.clinic}`
        );
      },
      (user) => ({
        subject: `service user ${user.name}`,
        remove: () => ctx.api.serviceUsers.delete(user.id),
      }),
    );
  },
);
