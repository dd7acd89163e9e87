import { allSettled } from '../all-settled.js';
import type { Change } from '../step.js';
import { onboardStep, openClinicHosts } from './context.js';
import { pushConfigStep } from './push-config.js';

/** What this step did to the ngrok service on the hosts, for the summary. */
export type ServiceOutcome = 'installed' | 'restarted' | 'running';

/** Guide step 5: the ngrok service installed and running on every host (after a push it already is). */
export const serviceStep = onboardStep({
  id: 'host.service',
  title: 'ngrok service',
  needs: [pushConfigStep],
  async plan(ctx) {
    const hosts = await openClinicHosts(ctx);
    const states = await Promise.all(hosts.map((host) => host.serviceStatus()));
    const changes = hosts.map((host, index): Change => {
      const subject = `ngrok service on ${host.spec.address} (${host.role})`;
      const state = states[index];
      if (state === 'running') return { kind: 'none', subject };
      const action = { 'not-installed': 'install and start', stopped: 'start', 'other-config': 'reinstall' };
      return {
        kind: state === 'not-installed' ? 'create' : 'update',
        subject: `${subject}: ${action[state ?? 'stopped']}`,
      };
    });
    return { changes, output: 'running' as ServiceOutcome };
  },
  async apply(ctx, io) {
    let outcome: ServiceOutcome = 'running';
    await allSettled(
      (await openClinicHosts(ctx)).map(async (host) => {
        const done = await host.ensureService();
        if (done === 'running') return;
        if (outcome === 'running') outcome = done === 'installed' ? 'installed' : 'restarted';
        io.change({
          kind: done === 'installed' ? 'create' : 'update',
          subject: `ngrok service on ${host.spec.address} ${done}`,
        });
      }),
    );
    return outcome;
  },
});
