import type { Change, Step } from '../step.js';
import type { OnboardCtx } from './context.js';
import { credentialDecision } from './credential-decision.js';

/** Guide step 5: the ngrok service installed and running on every host (after a push it already is). */
export const serviceStep: Step<OnboardCtx> = {
  id: 'host.service',
  title: 'ngrok service',
  needs: ['host.config'],
  async plan(ctx) {
    const { hosts } = await credentialDecision(ctx);
    const states = await Promise.all(hosts.map((host) => host.serviceStatus()));
    return hosts.map((host, index): Change => {
      const subject = `ngrok service on ${host.spec.address} (${host.role})`;
      const state = states[index];
      if (state === 'running') return { kind: 'none', subject };
      const action = { 'not-installed': 'install and start', stopped: 'start', 'other-config': 'reinstall' };
      return {
        kind: state === 'not-installed' ? 'create' : 'update',
        subject: `${subject}: ${action[state ?? 'stopped']}`,
      };
    });
  },
  async apply(ctx, io) {
    const { hosts } = await credentialDecision(ctx);
    await Promise.all(
      hosts.map(async (host) => {
        const outcome = await host.ensureService();
        if (outcome === 'running') return;
        ctx.state.service ??= outcome === 'installed' ? 'installed' : 'restarted';
        io.change({
          kind: outcome === 'installed' ? 'create' : 'update',
          subject: `ngrok service on ${host.spec.address} ${outcome}`,
        });
      }),
    );
    ctx.state.service ??= 'running';
  },
};
