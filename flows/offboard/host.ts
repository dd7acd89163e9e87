import type { Change, Step } from '../step.js';
import { type OffboardCtx, offboardHosts } from './context.js';

function subject(spec: { address: string; config_path: string }, what: string): string {
  return `${what} on ${spec.address}`;
}

/** Stops and uninstalls the ngrok service on every recorded host. */
export const stopServiceStep: Step<OffboardCtx> = {
  id: 'host.service',
  title: 'Stop and uninstall the ngrok service',
  async plan(ctx) {
    const hosts = await offboardHosts(ctx);
    if (hosts.length === 0) return [{ kind: 'none', subject: 'no host on record for this clinic' }];
    const states = await Promise.all(
      hosts.map(({ role, spec }) => ctx.hosts.get(role, spec).then((h) => h.serviceStatus())),
    );
    return hosts.map(
      ({ spec }, index): Change => ({
        kind: states[index] === 'not-installed' ? 'none' : 'delete',
        subject: subject(spec, 'ngrok service'),
      }),
    );
  },
  async apply(ctx, io) {
    for (const { role, spec } of await offboardHosts(ctx)) {
      await (await ctx.hosts.get(role, spec)).removeService();
      io.change({ kind: 'delete', subject: subject(spec, 'ngrok service') });
    }
  },
};

/** Moves ngrok.yml aside on every recorded host (the backup stays; its token is revoked in a later step). */
export const removeConfigStep: Step<OffboardCtx> = {
  id: 'host.config',
  title: 'Remove ngrok.yml (backup kept)',
  async plan(ctx) {
    const hosts = await offboardHosts(ctx);
    const present = await Promise.all(
      hosts.map(({ role, spec }) =>
        ctx.hosts.get(role, spec).then(async (h) => (await h.readConfig()) !== undefined),
      ),
    );
    return hosts.map(
      ({ spec }, index): Change => ({
        kind: present[index] ? 'delete' : 'none',
        subject: subject(spec, spec.config_path),
      }),
    );
  },
  async apply(ctx, io) {
    for (const { role, spec } of await offboardHosts(ctx)) {
      const backup = await (await ctx.hosts.get(role, spec)).removeConfig();
      if (backup)
        io.change({
          kind: 'delete',
          subject: subject(spec, spec.config_path),
          detail: `backup at ${backup}`,
        });
    }
  },
};
