import { formatTag } from '../../source/ngrok/tags.js';
import type { ReservedDomain } from '../../source/ngrok/types.js';
import type { DnsRecord } from '../presenter.js';
import { type OnboardCtx, onboardStep } from './context.js';
import { createOrFind } from './create-or-find.js';

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
function cnameRecords(ctx: OnboardCtx, domain: ReservedDomain): DnsRecord[] {
  const base = ctx.spec.network.domain;
  return [
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

/** Guide step: reserve the wildcard domain once per account and reuse it; hands on the DNS records it needs. */
export const wildcardDomainStep = onboardStep({
  id: 'cloud.domain',
  title: 'Wildcard domain',
  needs: [],
  async plan(ctx) {
    if (!needsWildcard(ctx)) return { changes: [], output: [] };
    const name = wildcardDomain(ctx);
    const found = (await ctx.account.reservedDomains()).find((domain) => domain.domain === name);
    return {
      changes: [
        {
          kind: found ? 'reuse' : 'create',
          subject: `reserved domain ${name}`,
          ...(found ? { id: found.id } : {}),
        },
      ],
      ...(found ? { output: cnameRecords(ctx, found) } : {}),
    };
  },
  async apply(ctx, io) {
    const name = wildcardDomain(ctx);
    const domain = await createOrFind(
      io,
      `reserved domain ${name}`,
      () =>
        ctx.api.reservedDomains.create({
          domain: name,
          description: `clinic-tui: wildcard for ${ctx.spec.network.domain}`,
          metadata: formatTag({ role: 'reserved-domain' }),
        }),
      async () => (await ctx.account.fresh().reservedDomains()).find((found) => found.domain === name),
    );
    ctx.account.update<ReservedDomain>('domains', (all) => [...all, domain]);
    io.change({ kind: 'create', subject: `reserved domain ${name}`, id: domain.id });
    const records = cnameRecords(ctx, domain);
    for (const record of records) io.status(`DNS: ${record.name} CNAME ${record.value}`);
    return records;
  },
});
