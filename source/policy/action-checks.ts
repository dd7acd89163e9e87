import { isCidr } from '../spec/field-values.js';
import { policyErrors } from './error-codes.js';
import { at, error, type Finding, warning } from './finding.js';
import { checkJwtValidation } from './jwt-checks.js';

/** Where an action sits and what endpoint it guards; enough context to judge its config. */
export interface ActionContext {
  path: string;
  scheme: 'http' | 'https' | 'tls' | 'tcp';
}

type ConfigCheck = (config: Record<string, unknown>, ctx: ActionContext) => Finding[];

const badConfig = policyErrors.invalidValue;

/** Type-specific config checks; actions without an entry get only the generic field checks. */
export const configChecks: Record<string, ConfigCheck> = {
  'forward-internal': checkForwardInternal,
  'restrict-ips': checkRestrictIps,
  'terminate-tls': checkTerminateTls,
  'jwt-validation': (config, ctx) => checkJwtValidation(config, configPath(ctx)),
  deny: checkStatusCode,
  'custom-response': checkStatusCode,
  redirect: checkStatusCode,
  'rate-limit': (config, ctx) =>
    config.algorithm !== undefined && config.algorithm !== 'sliding_window'
      ? [error(at(configPath(ctx), 'algorithm'), `the only algorithm is sliding_window (${badConfig})`)]
      : [],
};

function configPath(ctx: ActionContext): string {
  return at(ctx.path, 'config');
}

function protocolFamily(scheme: string): string {
  return scheme === 'https' ? 'http' : scheme;
}

function checkForwardInternal(config: Record<string, unknown>, ctx: ActionContext): Finding[] {
  const path = at(configPath(ctx), 'url');
  const findings: Finding[] = [];
  if (config.binding !== undefined)
    findings.push(
      warning(at(configPath(ctx), 'binding'), 'binding was removed from forward-internal; delete it'),
    );
  if (config.on_error !== undefined && config.on_error !== 'halt' && config.on_error !== 'continue')
    findings.push(error(at(configPath(ctx), 'on_error'), `must be halt or continue (${badConfig})`));
  if (config.url === undefined) return findings; // the required-field check names it.
  if (typeof config.url !== 'string')
    return [...findings, error(path, `must be a URL string (${policyErrors.unparsableConfig})`)];
  if (config.url.includes('${')) return findings; // CEL interpolation: only known at request time.
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    return [
      ...findings,
      error(path, `"${config.url}" is not a URL such as tcp://db.clinic1.internal:1433 (${badConfig})`),
    ];
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!url.hostname.endsWith('.internal'))
    findings.push(
      error(
        path,
        `forward-internal reaches only internal endpoints (hosts ending in .internal) (${badConfig})`,
      ),
    );
  if (protocolFamily(scheme) !== protocolFamily(ctx.scheme))
    findings.push(
      error(
        path,
        `a ${ctx.scheme} endpoint can only forward to a ${ctx.scheme} internal endpoint (${badConfig})`,
      ),
    );
  if (url.port === '' && scheme === 'tcp')
    findings.push(
      error(path, `a tcp internal URL always has a port; give the one the agent uses (${badConfig})`),
    );
  else if (url.port === '' && !/:\d+$/.test(config.url))
    findings.push(
      warning(path, 'give the port explicitly (e.g. :443) so it visibly matches the agent endpoint'),
    );
  return findings;
}

/** restrict-ips as https://ngrok.com/docs/traffic-policy/actions/restrict-ips#configuration-fields describes it. */
function checkRestrictIps(config: Record<string, unknown>, ctx: ActionContext): Finding[] {
  const findings: Finding[] = [];
  if (config.enforce !== undefined && typeof config.enforce !== 'boolean')
    findings.push(
      error(at(configPath(ctx), 'enforce'), `must be true or false (${policyErrors.unparsableConfig})`),
    );
  if (config.enforce === false)
    findings.push(warning(at(configPath(ctx), 'enforce'), 'enforce: false only logs; nothing is blocked'));
  for (const key of ['allow', 'deny'] as const) {
    const list = config[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      findings.push(
        error(at(configPath(ctx), key), `must be a list of CIDRs (${policyErrors.unparsableConfig})`),
      );
      continue;
    }
    list.forEach((cidr, index) => {
      if (typeof cidr !== 'string' || !isCidr(cidr))
        findings.push(
          error(
            at(at(configPath(ctx), key), index),
            `"${String(cidr)}" is not an IPv4/IPv6 CIDR (${badConfig})`,
          ),
        );
    });
  }
  findings.push(...checkIpPolicies(config.ip_policies, at(configPath(ctx), 'ip_policies')));
  if (config.allow === undefined && config.deny === undefined && config.ip_policies === undefined)
    findings.push(error(configPath(ctx), `give allow, deny or ip_policies (${policyErrors.missingElement})`));
  return findings;
}

/** ip_policies holds IP Policy ids (ipp_…, https://ngrok.com/docs/api-reference/ippolicies/list). */
function checkIpPolicies(value: unknown, path: string): Finding[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    return [
      error(path, `must be a list of IP Policy ids such as ipp_1yjq… (${policyErrors.unparsableConfig})`),
    ];
  return value.flatMap((id, index) =>
    typeof id === 'string' && /^ipp_[A-Za-z0-9]+$/.test(id)
      ? []
      : [
          error(
            at(path, index),
            `"${String(id)}" is not an IP Policy id such as ipp_1yjq… (${policyErrors.invalidIpPolicy})`,
          ),
        ],
  );
}

function checkTerminateTls(config: Record<string, unknown>, ctx: ActionContext): Finding[] {
  const findings: Finding[] = [];
  if (ctx.scheme !== 'https' && ctx.scheme !== 'tls')
    findings.push(
      error(
        ctx.path,
        `terminate-tls runs only on https and tls endpoints (${policyErrors.unsupportedProtocol})`,
      ),
    );
  for (const key of ['min_version', 'max_version']) {
    const value = config[key];
    if (value !== undefined && value !== '1.2' && value !== '1.3')
      findings.push(error(at(configPath(ctx), key), `must be the string "1.2" or "1.3" (${badConfig})`));
  }
  if ((config.server_certificate === undefined) !== (config.server_private_key === undefined))
    findings.push(
      error(
        configPath(ctx),
        `set server_certificate and server_private_key together (${policyErrors.requiredTogether})`,
      ),
    );
  const strategy = config.mutual_tls_verification_strategy;
  if (strategy !== undefined && !['require-and-verify', 'require-any', 'request'].includes(String(strategy)))
    findings.push(
      error(
        at(configPath(ctx), 'mutual_tls_verification_strategy'),
        `must be require-and-verify, require-any or request (${badConfig})`,
      ),
    );
  const cas = config.mutual_tls_certificate_authorities;
  if (cas !== undefined && !Array.isArray(cas))
    findings.push(
      error(at(configPath(ctx), 'mutual_tls_certificate_authorities'), `must be a list (${badConfig})`),
    );
  return findings;
}

function checkStatusCode(config: Record<string, unknown>, ctx: ActionContext): Finding[] {
  const code = config.status_code;
  if (code === undefined) return [];
  return Number.isInteger(code) && (code as number) >= 100 && (code as number) <= 599
    ? []
    : [error(at(configPath(ctx), 'status_code'), `must be an HTTP status code such as 403 (${badConfig})`)];
}
