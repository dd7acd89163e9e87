import { apiError } from './http.js';

/**
 * Credential ACLs (`acl` at https://ngrok.com/docs/api-reference/credentials/create): only `bind:` rules plus `*`;
 * leading-wildcard domains (`bind:*.example.com` matches `x.example.com` and `*.example.com`); label rules
 * `bind:foo=bar` / `bind:*=x`; `*` or no ACL means no restriction; a malformed rule gives ERR_NGROK_600
 * (https://ngrok.com/docs/errors/err_ngrok_600).
 */
const hostPattern = /^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;
const labelPattern = /^(\*|[A-Za-z0-9_.-]+)=[A-Za-z0-9_.-]+$/;

/** Throws ERR_NGROK_600 for the first malformed rule. */
export function checkAclRules(rules: string[]): void {
  for (const rule of rules) {
    if (rule === '*') continue;
    const target = rule.startsWith('bind:') ? rule.slice('bind:'.length) : undefined;
    if (target && (hostPattern.test(target) || labelPattern.test(target))) continue;
    throw apiError(400, 'ERR_NGROK_600', `The ACL rule "${rule}" is malformed; use "bind:<domain>" or "*".`);
  }
}

/** True when a credential with this ACL may bind an endpoint with this URL host. The port is ignored (unconfirmed). */
export function aclAllowsHost(acl: string[], host: string): boolean {
  if (acl.length === 0 || acl.includes('*')) return true;
  const wanted = host.toLowerCase();
  return acl.some((rule) => {
    const pattern = rule.slice('bind:'.length).toLowerCase();
    if (pattern.includes('=')) return false; // label rules cover labeled endpoints, not URLs
    if (pattern.startsWith('*.')) return wanted.endsWith(pattern.slice(1)) || wanted === pattern;
    return wanted === pattern;
  });
}
