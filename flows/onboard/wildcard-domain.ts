import { formatTag } from '../../source/ngrok/tags.js';
import type { ReservedDomain } from '../../source/ngrok/types.js';
import type { Step } from '../step.js';
import type { OnboardCtx } from './context.js';

/** The wildcard domain `*.<network.domain>` that every clinic's public endpoints live under. */
export function wildcardDomain(ctx: OnboardCtx): string {
  return `*.${ctx.spec.network.domain}`;
}

/** True when any public endpoint needs the wildcard (tcp services use reserved addresses instead). */
function needsWildcard(ctx: OnboardCtx): boolean {
  return ctx.spec.services.some(
    (service) =>
      service.public && service.public.url !== 'reserve' && !service.public.url.startsWith('tcp://'),
  );
}

/**
 * The two CNAME records the customer's DNS needs, read from the API's answer
 * (https://ngrok.com/docs/domains/tls-certificates#wildcard-domains).
 */
function recordDns(ctx: OnboardCtx, domain: ReservedDomain): void {
  const base = ctx.spec.network.domain;
  ctx.state.dnsRecords = [
    ...(domain.cname_target
      ? [{ type: 'CNAME' as const, name: `*.${base}`, value: domain.cname_target }]
      : []),
    ...(domain.acme_challenge_cname_target
      ? [
          {
            type: 'CNAME' as const,
            name: `_acme-challenge.${base}`,
            value: domain.acme_challenge_cname_target,
          },
        ]
      : []),
  ];
}

/** Guide step: reserve the wildcard domain once per account and reuse it for every clinic. */
export const wildcardDomainStep: Step<OnboardCtx> = {
  id: 'cloud.domain',
  title: 'Wildcard domain',
  needs: [],
  async plan(ctx) {
    if (!needsWildcard(ctx)) return [];
    const name = wildcardDomain(ctx);
    const found = (await ctx.account.reservedDomains()).find((domain) => domain.domain === name);
    if (found) recordDns(ctx, found);
    return [
      {
        kind: found ? 'reuse' : 'create',
        subject: `reserved domain ${name}`,
        ...(found ? { id: found.id } : {}),
      },
    ];
  },
  async apply(ctx, io) {
    const name = wildcardDomain(ctx);
    const found = (await ctx.account.reservedDomains()).find((domain) => domain.domain === name);
    const domain =
      found ??
      (await ctx.api.reservedDomains.create({
        domain: name,
        description: `clinic-tui: wildcard for ${ctx.spec.network.domain}`,
        metadata: formatTag({ role: 'reserved-domain' }),
      }));
    if (!found) ctx.account.update<ReservedDomain>('domains', (all) => [...all, domain]);
    recordDns(ctx, domain);
    io.change({ kind: found ? 'reuse' : 'create', subject: `reserved domain ${name}`, id: domain.id });
    for (const record of ctx.state.dnsRecords) io.status(`DNS: ${record.name} CNAME ${record.value}`);
  },
};
