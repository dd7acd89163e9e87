import { collect } from '../../source/ngrok/client.js';
import { hasTag } from '../../source/ngrok/tags.js';
import { allSettled } from '../all-settled.js';
import { deleteIfPresent } from '../ignore-gone.js';
import type { Change } from '../step.js';
import { type OffboardCtx, offboardStep } from './context.js';

interface Doomed {
  id: string;
  subject: string;
  remove: () => Promise<void>;
}

/** A step that deletes a list of resources, planning one `delete` per resource. */
function deleteStep<const Id extends string>(
  id: Id,
  title: string,
  find: (ctx: OffboardCtx) => Promise<Doomed[]>,
) {
  return offboardStep({
    id,
    title,
    async plan(ctx) {
      const doomed = await find(ctx);
      return { changes: doomed.map((one): Change => ({ kind: 'delete', subject: one.subject, id: one.id })) };
    },
    async apply(ctx, io) {
      await allSettled(
        (await find(ctx)).map(async (doomed) => {
          await deleteIfPresent(doomed.remove);
          io.change({ kind: 'delete', subject: doomed.subject, id: doomed.id });
        }),
      );
    },
  });
}

/** The clinic's public cloud endpoints (found by tag). */
export const deleteEndpointsStep = deleteStep('cloud.endpoints', 'Delete the cloud endpoints', async (ctx) =>
  (await ctx.account.cloudEndpoints())
    .filter((endpoint) => hasTag(endpoint.metadata, { clinic: ctx.clinicId, role: 'cloud-endpoint' }))
    .map((endpoint) => ({
      id: endpoint.id,
      subject: `cloud endpoint ${endpoint.url}`,
      remove: () => ctx.api.endpoints.delete(endpoint.id),
    })),
);

/** The clinic's authtokens: tagged ones and any other owned by its service user (or a duplicate of it). */
export const deleteCredentialsStep = deleteStep('cloud.credentials', 'Revoke the authtokens', async (ctx) => {
  const owned = (
    await Promise.all(
      (
        await ctx.account.serviceUsers()
      ).map((user) => collect(ctx.api.credentials.list({ filter: `obj.owner_id == "${user.id}"` }))),
    )
  ).flat();
  const all = new Map(
    [...(await ctx.account.credentials()), ...owned].map((credential) => [credential.id, credential]),
  );
  return [...all.values()].map((credential) => ({
    id: credential.id,
    subject: 'authtoken',
    remove: () => ctx.api.credentials.delete(credential.id),
  }));
});

/** The clinic's reserved TCP addresses (after the endpoints that used them). */
export const deleteAddrsStep = deleteStep(
  'cloud.reserved-addrs',
  'Release the reserved TCP addresses',
  async (ctx) =>
    (await ctx.account.reservedAddrs()).map((addr) => ({
      id: addr.id,
      subject: `TCP address ${addr.addr}`,
      remove: () => ctx.api.reservedAddrs.delete(addr.id),
    })),
);

/** The clinic's service user, and any duplicate a race made, last (the shared wildcard domain is kept). */
export const deleteServiceUserStep = deleteStep(
  'cloud.service-user',
  'Delete the service user',
  async (ctx) =>
    (await ctx.account.serviceUsers()).map((user) => ({
      id: user.id,
      subject: `service user ${user.name}`,
      remove: () => ctx.api.serviceUsers.delete(user.id),
    })),
);
