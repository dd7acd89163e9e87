import { formatTag, hasTag } from '../../source/ngrok/tags.js';
import type { ReservedAddr } from '../../source/ngrok/types.js';
import { serviceProtocol } from '../../source/spec/schema.js';
import type { Change, Step } from '../step.js';
import type { OnboardCtx } from './context.js';

/** The tcp services whose public URL is `reserve`: each gets its own tagged reserved address. */
function servicesToReserve(ctx: OnboardCtx) {
  return ctx.spec.services.filter(
    (service) => serviceProtocol(service) === 'tcp' && service.public?.url === 'reserve',
  );
}

function findAddr(addrs: ReservedAddr[], clinic: string, service: string): ReservedAddr | undefined {
  return addrs.find((addr) => hasTag(addr.metadata, { clinic, role: 'reserved-addr', service }));
}

/** Guide step: a reserved TCP address per tcp service (ngrok picks host and port), reused on reruns. */
export const reservedAddrsStep: Step<OnboardCtx> = {
  id: 'cloud.reserved-addrs',
  title: 'Reserved TCP addresses',
  needs: [],
  async plan(ctx) {
    const addrs = await ctx.account.reservedAddrs();
    return servicesToReserve(ctx).map((service): Change => {
      const found = findAddr(addrs, ctx.spec.clinic.id, service.name);
      if (found) ctx.state.addrs.set(service.name, found.addr);
      return found
        ? { kind: 'reuse', subject: `TCP address ${found.addr} for ${service.name}`, id: found.id }
        : { kind: 'create', subject: `TCP address for ${service.name}` };
    });
  },
  async apply(ctx, io) {
    const clinic = ctx.spec.clinic.id;
    const addrs = await ctx.account.reservedAddrs();
    await Promise.all(
      servicesToReserve(ctx).map(async (service) => {
        const found = findAddr(addrs, clinic, service.name);
        const addr =
          found ??
          (await ctx.api.reservedAddrs.create({
            description: `clinic-tui: ${clinic} ${service.name}`,
            metadata: formatTag({ clinic, role: 'reserved-addr', service: service.name }),
            region: ctx.spec.network.region,
          }));
        if (!found) ctx.account.update<ReservedAddr>('addrs', (all) => [...all, addr]);
        ctx.state.addrs.set(service.name, addr.addr);
        io.change({
          kind: found ? 'reuse' : 'create',
          subject: `TCP address ${addr.addr} for ${service.name}`,
          id: addr.id,
        });
      }),
    );
  },
};
