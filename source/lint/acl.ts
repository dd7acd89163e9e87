import { UserError } from '../errors.js';
import { error, type Finding } from '../policy/finding.js';
import type { LocatedUrl } from './forwards.js';

/** Parses `--acl` rules: `*` or `bind:PATTERN`; anything else is what ngrok rejects with ERR_NGROK_600. */
export function parseAclRules(rules: string[]): string[] {
  for (const rule of rules)
    if (rule !== '*' && !/^bind:\S+$/.test(rule))
      throw new UserError(
        `--acl ${rule} is not an ACL rule (ngrok would answer ERR_NGROK_600).`,
        'Give a bind rule such as --acl "bind:*.clinic1.internal", or * for no restriction.',
      );
  return rules;
}

/** True when an endpoint URL may be bound under one ACL rule; `*.x` matches x's subdomains and `*.x` itself. */
export function aclCovers(rule: string, endpointUrl: string): boolean {
  if (rule === '*') return true;
  const pattern = rule.slice('bind:'.length);
  if (pattern.includes('=')) return false; // label rules (bind:foo=bar) govern labeled endpoints, not URLs.
  const host = hostOf(endpointUrl);
  const patternHost = hostOf(pattern);
  if (!host || !patternHost) return false;
  if (patternHost.startsWith('*.')) return host === patternHost || host.endsWith(patternHost.slice(1));
  return host === patternHost;
}

function hostOf(value: string): string | undefined {
  const withoutScheme = value.replace(/^[a-z]+:\/\//, '');
  return withoutScheme.split('/')[0]?.replace(/:\d+$/, '').toLowerCase() || undefined;
}

/** Findings for agent endpoints no ACL rule covers: the agent would be refused with ERR_NGROK_316. */
export function checkAclCoverage(rules: string[], endpoints: LocatedUrl[]): Finding[] {
  if (rules.length === 0) return [];
  return endpoints
    .filter((endpoint) => !rules.some((rule) => aclCovers(rule, endpoint.url)))
    .map((endpoint) =>
      error(
        endpoint.path,
        `${endpoint.url} is outside the ACL ${rules.join(', ')}; the agent would be refused (ERR_NGROK_316)`,
      ),
    );
}
