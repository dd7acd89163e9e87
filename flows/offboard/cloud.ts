import { otherClinicNamed } from '../../source/clinic-record/ownership.js';
import { collect } from '../../source/ngrok/client.js';
import { hasTag } from '../../source/ngrok/tags.js';
import type { Credential, ServiceUser } from '../../source/ngrok/types.js';
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
export const deleteEndpointsStep = deleteStep(
  'cloud.endpoints',
  'Delete the cloud endpoints',
  async (ctx) => {
    const found: Found = { doomed: [], kept: [] };
    const tagged = (await ctx.account.cloudEndpoints()).filter((endpoint) =>
      hasTag(endpoint.metadata, { clinic: ctx.clinicId, role: 'cloud-endpoint' }),
    );
    for (const endpoint of tagged) {
      const why = await whyKeepEndpoint(endpoint, ctx.clinicId);
      if (why) found.kept.push({ kind: 'none', subject: why, id: endpoint.id });
      else
        found.doomed.push({
          id: endpoint.id,
          subject: `cloud endpoint ${endpoint.url}`,
          remove: () => ctx.api.endpoints.delete(endpoint.id),
        });
    }
    return found;
  },
);

/** Every service user named `clinic-tui/<id>` (a race may make more than one), each with the authtokens it owns. */
async function namedUsers(ctx: OffboardCtx): Promise<{ user: ServiceUser; owned: Credential[] }[]> {
  return Promise.all(
    (await ctx.account.serviceUsers()).map(async (user) => ({
      user,
      owned: await collect(ctx.api.credentials.list({ filter: `obj.owner_id == "${user.id}"` })),
    })),
  );
}

/**
 * The clinic's authtokens: those its service users own (tagged or not). Names, tags and ACLs are editable by
 * anyone with the API key, so an authtoken whose tag or ACL names another clinic is left alone, and so is a
 * tagged one none of the clinic's service users owns (a credential's owner cannot be changed).
 */
export const deleteCredentialsStep = deleteStep('cloud.credentials', 'Revoke the authtokens', async (ctx) => {
  const owned = (await namedUsers(ctx)).flatMap((entry) => entry.owned);
  const ownedIds = new Set(owned.map((credential) => credential.id));
  const all = new Map(
    [...(await ctx.account.credentials()), ...owned].map((credential) => [credential.id, credential]),
  );
  const found: Found = { doomed: [], kept: [] };
  for (const credential of all.values()) {
    const other = otherClinicNamed(credential, ctx.clinicId);
    const why = other
      ? `it names ${other}`
      : ownedIds.has(credential.id)
        ? undefined
        : `no service user of ${ctx.clinicId} owns it`;
    if (why) found.kept.push({ kind: 'none', subject: `authtoken, not deleted: ${why}`, id: credential.id });
    else
      found.doomed.push({
        id: credential.id,
        subject: 'authtoken',
        remove: () => ctx.api.credentials.delete(credential.id),
      });
  }
  return found;
});

/**
 * The clinic's reserved TCP addresses (after the endpoints that used them), less any another clinic's cloud
 * endpoint is on (its tag is editable too: such an address is kept and reported).
 */
export const deleteAddrsStep = deleteStep(
  'cloud.reserved-addrs',
  'Release the reserved TCP addresses',
  async (ctx) => {
    const found: Found = { doomed: [], kept: [] };
    const [addrs, endpoints] = await Promise.all([ctx.account.reservedAddrs(), ctx.account.cloudEndpoints()]);
    for (const addr of addrs) {
      const why = await whyKeepAddr(addr, endpoints, ctx.clinicId);
      if (why) found.kept.push({ kind: 'none', subject: why, id: addr.id });
      else
        found.doomed.push({
          id: addr.id,
          subject: `TCP address ${addr.addr}`,
          remove: () => ctx.api.reservedAddrs.delete(addr.id),
        });
    }
    return found;
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
    const found: Found = { doomed: [], kept: [] };
    for (const { user, owned } of await namedUsers(ctx)) {
      const foreign = owned.find((credential) => otherClinicNamed(credential, ctx.clinicId));
      if (foreign)
        found.kept.push({
          kind: 'none',
          subject: `service user ${user.name}, not deleted: its authtoken ${foreign.id} names ${otherClinicNamed(foreign, ctx.clinicId)}`,
          id: user.id,
        });
      else
        found.doomed.push({
          id: user.id,
          subject: `service user ${user.name}`,
          remove: () => ctx.api.serviceUsers.delete(user.id),
        });
    }
    return found;
  },
);
