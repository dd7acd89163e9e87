import type { IncomingHttpHeaders } from 'node:http';
import { oneOf } from './answers.js';
import type { SandboxKeys, TokenFailure } from './jwt.js';

interface TokenSpec {
  method?: string;
  name?: string;
  prefix?: string;
}

/** The parts of a `jwt-validation` config the edge reads (https://ngrok.com/docs/traffic-policy/actions/jwt-validation#configuration-reference). */
export interface JwtValidationConfig {
  issuer?: { allow_list?: { value?: string }[] };
  audience?: { allow_list?: { value?: string }[] };
  http?: { tokens?: TokenSpec[] };
  jws?: { allowed_algorithms?: string[] };
}

export interface JwtContext {
  keys: SandboxKeys;
  random: () => number;
  /**
   * The config page says a header token needs a Content-Type of application/json or
   * application/x-www-form-urlencoded, without saying what happens otherwise; each edge decides once, at random
   * on first use, whether it refuses a request without one, so only a client that follows the page always works.
   */
  headerTokenNeedsContentType: () => boolean;
}

/** The status a refused request gets, or undefined when every configured token is valid. */
export function jwtRefusal(
  config: JwtValidationConfig,
  headers: IncomingHttpHeaders,
  context: JwtContext,
): { status: number; reason: TokenFailure | 'missing' } | undefined {
  const rules = {
    algorithms: config.jws?.allowed_algorithms ?? [],
    issuers: (config.issuer?.allow_list ?? []).map((entry) => String(entry.value)),
    audiences: (config.audience?.allow_list ?? []).map((entry) => String(entry.value)),
  };
  // Tokens in the body are reported as not evaluated (see notEvaluated) and skipped here.
  for (const spec of (config.http?.tokens ?? []).filter((token) => token.method === 'header')) {
    const token = headerToken(spec, headers, context);
    // "If all tokens are not present, a 401 Unauthorized status code will be returned"
    // (https://ngrok.com/docs/traffic-policy/actions/jwt-validation#multiple-tokens).
    if (token === undefined) return { status: 401, reason: 'missing' };
    const failure = context.keys.check(token, rules);
    // The page documents only the missing-token status; for an invalid token it says only that the request is
    // not allowed, so the status varies between 401 and 403.
    if (failure) return { status: oneOf(context.random, [401, 403]), reason: failure };
  }
  return undefined;
}

/** The token from the named header (name not case sensitive, per the config page), its prefix stripped. */
function headerToken(spec: TokenSpec, headers: IncomingHttpHeaders, context: JwtContext): string | undefined {
  const value = headers[String(spec.name ?? '').toLowerCase()];
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text === '') return undefined;
  if (context.headerTokenNeedsContentType()) {
    const type = String(headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (type !== 'application/json' && type !== 'application/x-www-form-urlencoded') return undefined;
  }
  const prefix = spec.prefix ?? '';
  // A value without the configured prefix is no token of this kind: it fails as malformed below.
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}
