import { formatTag } from '../../source/ngrok/tags.js';
import type { AgentIngress } from '../../source/ngrok/types.js';
import type { Step } from '../step.js';
import type { OnboardCtx } from './context.js';

/** The connect URL's host name, when the spec asks agents to connect through a custom ingress. */
function ingressDomain(ctx: OnboardCtx): string | undefined {
  return ctx.spec.agent.connect_url?.replace(/:\d+$/, '');
}

function recordNs(ctx: OnboardCtx, ingress: AgentIngress): void {
  for (const target of ingress.ns_targets)
    ctx.state.dnsRecords.push({ type: 'NS', name: ingress.domain, value: target });
}

/** Optional guide step: an agent ingress for `agent.connect_url` (shared by clinics that name the same one). */
export const agentIngressStep: Step<OnboardCtx> = {
  id: 'cloud.agent-ingress',
  title: 'Agent connect URL',
  needs: [],
  async plan(ctx) {
    const domain = ingressDomain(ctx);
    if (!domain) return [];
    const found = (await ctx.account.agentIngresses()).find((ingress) => ingress.domain === domain);
    if (found) recordNs(ctx, found);
    return [
      {
        kind: found ? 'reuse' : 'create',
        subject: `agent ingress ${domain}`,
        ...(found ? { id: found.id } : {}),
      },
    ];
  },
  async apply(ctx, io) {
    const domain = ingressDomain(ctx);
    if (!domain) return;
    const found = (await ctx.account.agentIngresses()).find((ingress) => ingress.domain === domain);
    const ingress =
      found ??
      (await ctx.api.agentIngresses.create({
        domain,
        description: `clinic-tui: connect URL for ${ctx.spec.clinic.id}`,
        metadata: formatTag({ clinic: ctx.spec.clinic.id, role: 'agent-ingress' }),
      }));
    if (!found) recordNs(ctx, ingress);
    io.change({ kind: found ? 'reuse' : 'create', subject: `agent ingress ${domain}`, id: ingress.id });
  },
};
