import { formatTag } from '../../source/ngrok/tags.js';
import type { ReservedDomain } from '../../source/ngrok/types.js';
import type { DnsRecord } from '../presenter.js';
import { type OnboardCtx, onboardStep } from './context.js';
import { createOrAdopt } from './create-or-adopt.js';

/** The wildcard domain `*.<network.domain>` that every clinic's public endpoints live under. */
export function wildcardDomain(ctx: OnboardCtx): string {
  return `*.${ctx.spec.network.domain}`;
}

/** The account's reservation of the wildcard, matched by its name (a reservation is the account's, whoever made it). */
function findWildcard(domains: ReservedDomain[], name: string): ReservedDomain | undefined {
  return domains.find((domain) => domain.domain === name);
}

/**
 * A second reservation of a name this account holds is refused with ERR_NGROK_413
 * (https://ngrok.com/docs/errors/err_ngrok_413): another onboarding reserved it since this run looked.
 */
const alreadyReserved = ['ERR_NGROK_413'];

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
    const found = findWildcard(await ctx.account.reservedDomains(), name);
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
    const subject = `reserved domain ${name}`;
    const { resource: domain, adopted } = await createOrAdopt(
      io,
      subject,
      () =>
        ctx.api.reservedDomains.create({
          domain: name,
          description: `clinic-tui: wildcard for ${ctx.spec.network.domain}`,
          metadata: formatTag({ role: 'reserved-domain' }),
        }),
      async () => findWildcard(await ctx.account.fresh().reservedDomains(), name),
      { codes: alreadyReserved, foreign: async (error) => error },
    );
    ctx.account.update<ReservedDomain>('domains', (all) => [...all, domain]);
    io.change({ kind: adopted ? 'reuse' : 'create', subject, id: domain.id });
    const records = cnameRecords(ctx, domain);
    for (const record of records) io.status(`DNS: ${record.name} CNAME ${record.value}`);
    return records;
  },
});
