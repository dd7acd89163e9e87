import type { Change } from '../step.js';
import { offboardHosts, offboardStep } from './context.js';

function subject(spec: { address: string; config_path: string }, what: string): string {
  return `${what} on ${spec.address}`;
}

/** Stops and uninstalls the ngrok service on every recorded host; hands on those hosts. */
export const stopServiceStep = offboardStep({
  id: 'host.service',
  title: 'Stop and uninstall the ngrok service',
  async plan(ctx) {
    const hosts = await offboardHosts(ctx);
    if (hosts.length === 0)
      return { changes: [{ kind: 'none', subject: 'no host on record for this clinic' }], output: hosts };
    const states = await Promise.all(
      hosts.map(({ role, spec }) => ctx.hosts.get(role, spec).then((h) => h.serviceStatus())),
    );
    const changes = hosts.map(
      ({ spec }, index): Change => ({
        kind: states[index] === 'not-installed' ? 'none' : 'delete',
        subject: subject(spec, 'ngrok service'),
      }),
    );
    return { changes, output: hosts };
  },
  async apply(ctx, io, hosts = []) {
    for (const { role, spec } of hosts) {
      await (await ctx.hosts.get(role, spec)).removeService();
      io.change({ kind: 'delete', subject: subject(spec, 'ngrok service') });
    }
    return hosts;
  },
});

/** Moves ngrok.yml aside on every recorded host (the backup stays; its token is revoked in a later step). */
export const removeConfigStep = offboardStep({
  id: 'host.config',
  title: 'Remove ngrok.yml (backup kept)',
  needs: [stopServiceStep],
  async plan(ctx, io) {
    const hosts = (await io.planned(stopServiceStep)) ?? [];
    const present = await Promise.all(
      hosts.map(({ role, spec }) =>
        ctx.hosts.get(role, spec).then(async (h) => (await h.readConfig()) !== undefined),
      ),
    );
    const changes = hosts.map(
      ({ spec }, index): Change => ({
        kind: present[index] ? 'delete' : 'none',
        subject: subject(spec, spec.config_path),
      }),
    );
    return { changes };
  },
  async apply(ctx, io) {
    for (const { role, spec } of io.output(stopServiceStep)) {
      const backup = await (await ctx.hosts.get(role, spec)).removeConfig();
      if (backup)
        io.change({
          kind: 'delete',
          subject: subject(spec, spec.config_path),
          detail: `backup at ${backup}`,
        });
    }
  },
});
