import { canEvaluate } from './expressions.js';

/** One rule of a Traffic Policy phase (https://ngrok.com/docs/traffic-policy/how-it-works#phase-rules). */
export interface PolicyRule {
  name?: string;
  expressions?: string[];
  actions?: { type?: string; config?: Record<string, unknown> }[];
}

/** The phases the edge evaluates for an endpoint of `scheme`, in order. */
export function phasesFor(scheme: string): string[] {
  return scheme === 'http' || scheme === 'https' ? ['on_tcp_connect', 'on_http_request'] : ['on_tcp_connect'];
}

const evaluatedActions = new Set(['restrict-ips', 'deny', 'jwt-validation', 'forward-internal']);

/**
 * Why the edge skips an action (or part of it), or undefined when it evaluates it fully. The edge speaks plain
 * text, so terminate-tls is never evaluated.
 */
export function actionNotEvaluated(action: {
  type?: string;
  config?: Record<string, unknown>;
}): string | undefined {
  const type = String(action.type);
  const config = action.config ?? {};
  if (type === 'terminate-tls')
    return config.min_version ? 'terminate-tls (min TLS version)' : 'terminate-tls';
  if (!evaluatedActions.has(type)) return type;
  if (type === 'restrict-ips' && Array.isArray(config.ip_policies) && config.ip_policies.length > 0)
    return 'restrict-ips (ip_policies)';
  if (type === 'forward-internal' && config.on_error === 'continue')
    return 'forward-internal (on_error: continue)';
  const tokens = (config.http as { tokens?: { method?: string }[] } | undefined)?.tokens ?? [];
  if (type === 'jwt-validation' && tokens.some((token) => token.method !== 'header'))
    return 'jwt-validation (token in the body)';
  return undefined;
}

/** Everything in `policy` the edge does not evaluate for an endpoint of `scheme`, as readable labels. */
export function notEvaluated(policy: Record<string, PolicyRule[] | undefined>, scheme: string): string[] {
  const phases = phasesFor(scheme);
  const labels: string[] = [];
  for (const [phase, rules] of Object.entries(policy)) {
    if (!phases.includes(phase)) {
      labels.push(`phase: ${phase}`);
      continue;
    }
    for (const rule of rules ?? []) {
      for (const expression of rule.expressions ?? []) {
        if (!canEvaluate(expression, phase)) labels.push(`expression: ${expression}`);
      }
      for (const action of rule.actions ?? []) {
        const label = actionNotEvaluated(action);
        if (label) labels.push(label);
      }
    }
  }
  return [...new Set(labels)];
}
