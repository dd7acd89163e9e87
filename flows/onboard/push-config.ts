import {
  AUTHTOKEN_PLACEHOLDER,
  buildAgentConfig,
  renderAgentConfig,
} from '../../source/agent-config/build.js';
import { diffAgentConfig } from '../../source/agent-config/diff.js';
import { agentMetadata } from '../../source/clinic-record/agent-metadata.js';
import type { Change, Step } from '../step.js';
import type { OnboardCtx } from './context.js';
import { credentialDecision } from './credential-decision.js';

/** The ngrok.yml for this clinic holding the given credential (placeholders before it exists). */
export function renderClinicConfig(ctx: OnboardCtx, credential?: { id: string; token: string }): string {
  const id = credential?.id ?? 'cr_<created at push time>';
  const config = buildAgentConfig(ctx.spec, credential?.token ?? AUTHTOKEN_PLACEHOLDER, {
    metadata: agentMetadata(ctx.spec.clinic.id, id),
  });
  return renderAgentConfig(config);
}

/** Guide steps 3–4: render ngrok.yml and push it to every host (config check, atomic write, service restart). */
export const pushConfigStep: Step<OnboardCtx> = {
  id: 'host.config',
  title: 'Agent config on the host',
  needs: ['host.credential'],
  async plan(ctx) {
    const decision = await credentialDecision(ctx);
    const wanted = renderClinicConfig(
      ctx,
      decision.keep && { id: decision.keep.credential.id, token: decision.keep.token },
    );
    return decision.hosts.map((host): Change => {
      const current = decision.remote.get(host.role);
      const subject = `${host.spec.config_path} on ${host.spec.address} (${host.role})`;
      if (current === undefined) return { kind: 'create', subject, detail: diffAgentConfig('', wanted) };
      if (current.trim() === wanted.trim()) return { kind: 'none', subject };
      return { kind: 'update', subject, detail: diffAgentConfig(current, wanted) };
    });
  },
  async apply(ctx, io) {
    const decision = await credentialDecision(ctx);
    const credential = ctx.state.credential;
    if (!credential) throw new Error('the credential step did not run before the config push');
    const wanted = renderClinicConfig(ctx, credential);
    await Promise.all(
      decision.hosts.map(async (host) => {
        const subject = `${host.spec.config_path} on ${host.spec.address} (${host.role})`;
        const current = decision.remote.get(host.role);
        if (current?.trim() === wanted.trim()) return;
        const result = await host.pushConfig(wanted, (text) => io.status(`${host.role}: ${text}`));
        decision.remote.set(host.role, wanted);
        ctx.state.service = result.service;
        io.change({ kind: current === undefined ? 'create' : 'update', subject });
      }),
    );
  },
};
