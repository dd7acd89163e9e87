import { UserError } from '../../source/errors.js';
import { collect } from '../../source/ngrok/client.js';
import { formatTag, hasTag, parseTag } from '../../source/ngrok/tags.js';
import type { ReservedAddr } from '../../source/ngrok/types.js';
import { serviceProtocol } from '../../source/spec/schema.js';
import { allSettled } from '../all-settled.js';
import type { Change } from '../step.js';
import { type OnboardCtx, onboardStep } from './context.js';
import { createOrFind } from './create-or-find.js';
import { oldestFirst } from './oldest-first.js';

/** Reserved TCP address (host:port) per service name. */
export type ReservedAddrs = ReadonlyMap<string, string>;

/** The tcp services whose public URL is `reserve`: each gets its own tagged reserved address. */
function servicesToReserve(ctx: OnboardCtx) {
  return ctx.spec.services.filter(
    (service) => serviceProtocol(service) === 'tcp' && service.public?.url === 'reserve',
  );
}

/** The service's reserved address: the oldest, when a race reserved more than one (the others are removed). */
function findAddr(addrs: ReservedAddr[], clinic: string, service: string): ReservedAddr | undefined {
  return oldestFirst(addrs).find((addr) => hasTag(addr.metadata, { clinic, role: 'reserved-addr', service }));
}

/** The clinic's reserved addresses as the account holds them, for a stage that did not reserve them itself. */
export async function addrsOnRecord(ctx: OnboardCtx): Promise<ReservedAddrs> {
  return new Map(
    (await ctx.account.reservedAddrs()).flatMap((addr): [string, string][] => {
      const service = parseTag(addr.metadata)?.service;
      return service ? [[service, addr.addr]] : [];
    }),
  );
}

/**
 * Guide step: a reserved TCP address per tcp service (ngrok picks host and port), reused on reruns. Hands on the
 * address per service (the plan: those that exist; the apply: all of them).
 */
export const reservedAddrsStep = onboardStep({
  id: 'cloud.reserved-addrs',
  title: 'Reserved TCP addresses',
  needs: [],
  async plan(ctx) {
    await checkNamedAddrs(ctx);
    const addrs = await ctx.account.reservedAddrs();
    const found = new Map<string, string>();
    const changes = servicesToReserve(ctx).map((service): Change => {
      const addr = findAddr(addrs, ctx.spec.clinic.id, service.name);
      if (!addr) return { kind: 'create', subject: `TCP address for ${service.name}` };
      found.set(service.name, addr.addr);
      return { kind: 'reuse', subject: `TCP address ${addr.addr} for ${service.name}`, id: addr.id };
    });
    return { changes, output: found as ReservedAddrs };
  },
  async apply(ctx, io) {
    const clinic = ctx.spec.clinic.id;
    const addrs = await ctx.account.reservedAddrs();
    const reserved = await allSettled(
      servicesToReserve(ctx).map(async (service): Promise<[string, string]> => {
        const found = findAddr(addrs, clinic, service.name);
        const addr =
          found ??
          (await createOrFind(
            io,
            `TCP address for ${service.name}`,
            () =>
              ctx.api.reservedAddrs.create({
                description: `clinic-tui: ${clinic} ${service.name}`,
                metadata: formatTag({ clinic, role: 'reserved-addr', service: service.name }),
                region: ctx.spec.network.region,
              }),
            async () => findAddr(await ctx.account.fresh().reservedAddrs(), clinic, service.name),
          ));
        if (!found) ctx.account.update<ReservedAddr>('addrs', (all) => [...all, addr]);
        io.change({
          kind: found ? 'reuse' : 'create',
          subject: `TCP address ${addr.addr} for ${service.name}`,
          id: addr.id,
        });
        return [service.name, addr.addr];
      }),
    );
    return new Map(reserved) as ReservedAddrs;
  },
});

/**
 * A public `tcp://host:port` written in the answers must be a TCP address this account has reserved: ngrok refuses
 * an endpoint on any other. Checked while planning, so nothing is created when it is not (exit 2, the field named).
 */
async function checkNamedAddrs(ctx: OnboardCtx): Promise<void> {
  const named = ctx.spec.services.flatMap((service, index) =>
    serviceProtocol(service) === 'tcp' && service.public && service.public.url !== 'reserve'
      ? [{ index, url: service.public.url }]
      : [],
  );
  if (named.length === 0) return;
  const reserved = new Set((await collect(ctx.api.reservedAddrs.list())).map((addr) => addr.addr));
  const missing = named.find(({ url }) => !reserved.has(url.replace(/^tcp:\/\//, '')));
  if (missing) {
    throw new UserError(
      `services[${missing.index}].public.url: ${missing.url} is not a TCP address reserved in this ngrok account.`,
      'Write `reserve` to have one reserved for the service, or reserve that address first; nothing was changed.',
    );
  }
}
