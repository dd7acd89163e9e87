import type { IncomingHttpHeaders } from 'node:http';
import { parsePolicy } from '../emulator/policy-check.js';
import { canEvaluate, evaluateExpression } from './expressions.js';
import { type JwtContext, type JwtValidationConfig, jwtRefusal } from './jwt-action.js';
import { type PolicyRule, phasesFor } from './not-evaluated.js';
import { ipAllowed, type RestrictIpsConfig } from './restrict-ips.js';

/** What the edge does with a connection or request once its Traffic Policy has run. */
export type Verdict =
  | { kind: 'forward'; url: string }
  /** An HTTP answer from the edge itself; `errorCode` goes in the `ngrok-error-code` header. */
  | { kind: 'refuse'; status: number; errorCode?: string }
  /** Close the connection without a byte. */
  | { kind: 'close' }
  /** No terminating action ran. */
  | { kind: 'none' };

/** What one evaluation sees: the connection's source address and, in the HTTP phase, the request headers. */
export interface Traffic {
  clientIp: string;
  headers?: IncomingHttpHeaders;
}

/** Parses an endpoint's `traffic_policy` (JSON or YAML, as the API accepts it); an empty policy has no rules. */
export function readPolicy(text: unknown): Record<string, PolicyRule[] | undefined> {
  return typeof text === 'string' && text.trim() !== ''
    ? (parsePolicy(text) as Record<string, PolicyRule[]>)
    : {};
}

/**
 * Runs the phases the edge evaluates for `scheme` in order, rules in order; a rule runs when all its
 * `expressions` are true; the first terminating action ends evaluation
 * (https://ngrok.com/docs/traffic-policy/how-it-works#phase-rules). A rule with an expression the edge cannot
 * evaluate is skipped, as is an action it does not evaluate (both are listed by notEvaluated).
 */
export function evaluate(
  policy: Record<string, PolicyRule[] | undefined>,
  scheme: string,
  traffic: Traffic,
  jwt: JwtContext,
): Verdict {
  for (const phase of phasesFor(scheme)) {
    if (phase === 'on_http_request' && !traffic.headers) break;
    for (const rule of policy[phase] ?? []) {
      const expressions = rule.expressions ?? [];
      if (!expressions.every((expression) => canEvaluate(expression, phase))) continue;
      if (!expressions.every((expression) => evaluateExpression(expression, traffic.headers ?? {}))) continue;
      for (const action of rule.actions ?? []) {
        const verdict = runAction(action, phase, traffic, jwt);
        if (verdict.kind !== 'none') return verdict;
      }
    }
  }
  return { kind: 'none' };
}

function runAction(
  action: { type?: string; config?: Record<string, unknown> },
  phase: string,
  traffic: Traffic,
  jwt: JwtContext,
): Verdict {
  const config = action.config ?? {};
  const tcp = phase === 'on_tcp_connect';
  switch (action.type) {
    case 'restrict-ips': {
      const restrict = config as RestrictIpsConfig;
      // enforce: false continues even when the address is not permitted; a refusal closes a TCP connection and
      // answers 403 in the HTTP phase (https://ngrok.com/docs/traffic-policy/actions/restrict-ips#behavior).
      // ERR_NGROK_3205 is "Request blocked by Endpoints IP Restriction" (https://ngrok.com/docs/errors/err_ngrok_3205).
      if (restrict.enforce === false || ipAllowed(restrict, traffic.clientIp)) return { kind: 'none' };
      return tcp ? { kind: 'close' } : { kind: 'refuse', status: 403, errorCode: 'ERR_NGROK_3205' };
    }
    case 'deny':
      // status_code defaults to 403 and no body is sent (https://ngrok.com/docs/traffic-policy/actions/deny); on
      // TCP the action has no config and the connection ends.
      return tcp ? { kind: 'close' } : { kind: 'refuse', status: Number(config.status_code ?? 403) };
    case 'jwt-validation': {
      const refusal = jwtRefusal(config as JwtValidationConfig, traffic.headers ?? {}, jwt);
      return refusal ? { kind: 'refuse', status: refusal.status } : { kind: 'none' };
    }
    case 'forward-internal':
      return { kind: 'forward', url: String(config.url) };
    default:
      // Every other action (terminate-tls included) is skipped; notEvaluated lists it. Partly evaluated actions
      // (ip_policies, tokens in the body, on_error: continue) run their evaluated part above.
      return { kind: 'none' };
  }
}
