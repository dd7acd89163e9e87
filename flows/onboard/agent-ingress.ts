import { UserError } from '../../source/errors.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import { formatTag } from '../../source/ngrok/tags.js';
import type { AgentIngress } from '../../source/ngrok/types.js';
import type { DnsRecord } from '../presenter.js';
import type { StepIO } from '../step.js';
import { type OnboardCtx, onboardStep } from './context.js';
import { createOrFind } from './create-or-find.js';

/** The connect URL's host name, when the spec asks agents to connect through a custom ingress. */
function ingressDomain(ctx: OnboardCtx): string | undefined {
  return ctx.spec.agent.connect_url?.replace(/:\d+$/, '');
}

/** The NS records that delegate the connect URL's domain to ngrok. */
function nsRecords(ingress: AgentIngress): DnsRecord[] {
  return ingress.ns_targets.map((target) => ({ type: 'NS', name: ingress.domain, value: target }));
}

/**
 * Whether ngrok refused the create because the plan lacks custom connect URLs: they are not on self-serve plans
 * (https://ngrok.com/docs/agent/connect-url/#connect-url-pricing), refused with ERR_NGROK_6707
 * (https://ngrok.com/docs/errors/err_ngrok_6707/). The status that comes with it is not documented, so a 402 or
 * 403 on this create counts as the same refusal.
 */
function isPlanRefusal(error: unknown): error is NgrokApiError {
  return (
    error instanceof NgrokApiError &&
    (error.code === 'ERR_NGROK_6707' || error.status === 402 || error.status === 403)
  );
}

function planError(domain: string, error: NgrokApiError): UserError {
  const answer = `${error.status}${error.code ? ` ${error.code}` : ''}`;
  return new UserError(
    `This ngrok account's plan does not include custom agent connect URLs: ngrok refused the agent ingress for ${domain} (${answer}).`,
    "Remove agent.connect_url from the answers file and run again: the agent then uses ngrok's default connect URL " +
      '(connect.ngrok-agent.com:443). See https://ngrok.com/docs/agent/connect-url/#connect-url-pricing',
  );
}

async function createIngress(ctx: OnboardCtx, io: StepIO, domain: string): Promise<AgentIngress> {
  try {
    return await createOrFind(
      io,
      `agent ingress ${domain}`,
      () =>
        ctx.api.agentIngresses.create({
          domain,
          description: `clinic-tui: connect URL for ${ctx.spec.clinic.id}`,
          metadata: formatTag({ clinic: ctx.spec.clinic.id, role: 'agent-ingress' }),
        }),
      async () => (await ctx.account.fresh().agentIngresses()).find((found) => found.domain === domain),
    );
  } catch (error) {
    throw isPlanRefusal(error) ? planError(domain, error) : error;
  }
}

/**
 * Optional guide step: an agent ingress for `agent.connect_url` (shared by clinics that name the same one). Hands
 * on the NS records its domain needs.
 */
export const agentIngressStep = onboardStep({
  id: 'cloud.agent-ingress',
  title: 'Agent connect URL',
  needs: [],
  async plan(ctx) {
    const domain = ingressDomain(ctx);
    if (!domain) return { changes: [], output: [] };
    const found = (await ctx.account.agentIngresses()).find((ingress) => ingress.domain === domain);
    return {
      changes: [
        {
          kind: found ? 'reuse' : 'create',
          subject: `agent ingress ${domain}`,
          ...(found ? { id: found.id } : {}),
        },
      ],
      ...(found ? { output: nsRecords(found) } : {}),
    };
  },
  async apply(ctx, io) {
    const domain = ingressDomain(ctx);
    if (!domain) return [];
    const ingress = await createIngress(ctx, io, domain);
    io.change({ kind: 'create', subject: `agent ingress ${domain}`, id: ingress.id });
    return nsRecords(ingress);
  },
});
