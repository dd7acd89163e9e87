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
    // Refused here, before the plan is shown, when the recorded host or path is not this clinic's ngrok.yml.
    const states = await Promise.all(
      hosts.map(async ({ role, spec, recordedHostKey }) => {
        const host = await ctx.hosts.get(role, spec, recordedHostKey);
        await host.checkOwnership('remove');
        return host.serviceStatus();
      }),
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
    for (const { role, spec, recordedHostKey } of hosts) {
      await (await ctx.hosts.get(role, spec, recordedHostKey)).removeService();
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
      hosts.map(({ role, spec, recordedHostKey }) =>
        ctx.hosts.get(role, spec, recordedHostKey).then(async (h) => (await h.readConfig()) !== undefined),
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
    for (const { role, spec, recordedHostKey } of io.output(stopServiceStep)) {
      const backup = await (await ctx.hosts.get(role, spec, recordedHostKey)).removeConfig();
      if (backup)
        io.change({
          kind: 'delete',
          subject: subject(spec, spec.config_path),
          detail: `backup at ${backup}`,
        });
    }
  },
});
