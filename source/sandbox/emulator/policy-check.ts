import { parse as parseYaml } from 'yaml';
import { apiError } from './http.js';

/**
 * Actions and the phases each supports ("Supported phases" on each action's page under
 * https://ngrok.com/docs/traffic-policy/actions): t = on_tcp_connect, q = on_http_request, s = on_http_response.
 */
const actionPhases: Record<string, string> = {
  'add-headers': 'qs',
  'remove-headers': 'qs',
  'custom-response': 'qs',
  'http-request': 'qs',
  'basic-auth': 'q',
  'jwt-validation': 'q',
  oauth: 'q',
  'openid-connect': 'q',
  'rate-limit': 'q',
  redirect: 'q',
  'url-rewrite': 'q',
  'verify-webhook': 'q',
  'circuit-breaker': 'q',
  'request-body-find-replace': 'q',
  'owasp-crs-request': 'q',
  'compress-response': 's',
  'response-body-find-replace': 's',
  'owasp-crs-response': 's',
  deny: 'tq',
  'forward-internal': 'tq',
  'close-connection': 'tq',
  log: 'tq',
  'restrict-ips': 'tqs',
  'set-vars': 'tqs',
  'terminate-tls': 't',
};
const phaseLetter: Record<string, string> = {
  on_tcp_connect: 't',
  on_http_request: 'q',
  on_http_response: 's',
};

interface Action {
  type?: unknown;
  config?: Record<string, unknown>;
}
interface Rule {
  expressions?: unknown;
  actions?: unknown;
}

/**
 * Parses a policy string as JSON, then YAML; ERR_NGROK_2236 when neither works
 * (https://ngrok.com/docs/errors/err_ngrok_2236).
 */
export function parsePolicy(text: string): Record<string, Rule[]> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    try {
      doc = parseYaml(text);
    } catch (error) {
      throw apiError(
        400,
        'ERR_NGROK_2236',
        `The Traffic Policy could not be parsed: ${(error as Error).message}`,
      );
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw apiError(400, 'ERR_NGROK_2236', 'The Traffic Policy must be a map of phase → rules.');
  }
  return doc as Record<string, Rule[]>;
}

/**
 * True for an action that ends traffic handling: those listed at
 * https://ngrok.com/docs/traffic-policy/how-it-works#non-terminating-actions, and `redirect`, which
 * https://ngrok.com/docs/endpoints/cloud-endpoints names too.
 */
function isTerminating(action: Action): boolean {
  if (action.type === 'forward-internal') return action.config?.on_error !== 'continue';
  return ['deny', 'custom-response', 'close-connection', 'redirect'].includes(String(action.type));
}

/**
 * Validates a cloud endpoint's policy for an endpoint of the given scheme
 * (https://ngrok.com/docs/traffic-policy/how-it-works): every rule has actions (2206), known action types (2201),
 * phases valid for the protocol (2230) and the action (2202), nothing after a terminating action (2207),
 * forward-internal has a url (2203), and some unconditional rule ends traffic (2235).
 */
export function checkCloudPolicy(text: string, scheme: string): void {
  if (text.trim() === '')
    throw apiError(400, 'ERR_NGROK_2235', 'Cloud endpoints must specify a non-empty Traffic Policy.');
  const policy = parsePolicy(text);
  const layer4 = scheme === 'tcp' || scheme === 'tls';
  let handlesAll = false;
  for (const [phase, rules] of Object.entries(policy)) {
    const letter = phaseLetter[phase];
    if (phase === 'on_event_stream_message') continue;
    if (!letter) throw apiError(400, 'ERR_NGROK_2236', `Unknown Traffic Policy phase "${phase}".`);
    if (layer4 && letter !== 't') {
      throw apiError(
        400,
        'ERR_NGROK_2230',
        `Phase ${phase} is not valid for a ${scheme} endpoint; use on_tcp_connect.`,
      );
    }
    if (!Array.isArray(rules))
      throw apiError(400, 'ERR_NGROK_2236', `Phase ${phase} must hold a list of rules.`);
    for (const rule of rules) {
      const unconditional = checkRule(rule, phase, letter);
      if (unconditional && letter !== 's') handlesAll = true;
    }
  }
  if (!handlesAll) {
    throw apiError(
      400,
      'ERR_NGROK_2235',
      'The Traffic Policy is not guaranteed to handle traffic: end it with a rule (no expressions) whose actions include forward-internal, deny, custom-response, redirect or close-connection.',
    );
  }
}

/** Checks one rule; returns true when it always ends traffic (no expressions and a terminating action). */
function checkRule(rule: Rule, phase: string, letter: string): boolean {
  if (
    typeof rule !== 'object' ||
    rule === null ||
    !Array.isArray(rule.actions) ||
    rule.actions.length === 0
  ) {
    throw apiError(
      400,
      'ERR_NGROK_2206',
      `A policy must define at least one action (a rule in ${phase} has none).`,
    );
  }
  let terminated = false;
  for (const action of rule.actions as Action[]) {
    const phases = actionPhases[String(action?.type)];
    if (!phases)
      throw apiError(400, 'ERR_NGROK_2201', `Unknown Traffic Policy action type "${String(action?.type)}".`);
    if (!phases.includes(letter)) {
      throw apiError(400, 'ERR_NGROK_2202', `Action ${String(action.type)} is not supported in ${phase}.`);
    }
    if (terminated)
      throw apiError(400, 'ERR_NGROK_2207', `Action ${String(action.type)} follows a terminating action.`);
    if (action.type === 'forward-internal' && typeof action.config?.url !== 'string') {
      throw apiError(400, 'ERR_NGROK_2203', 'forward-internal needs config.url.');
    }
    terminated = isTerminating(action);
  }
  const expressions = rule.expressions;
  const unconditional = expressions === undefined || (Array.isArray(expressions) && expressions.length === 0);
  return terminated && unconditional;
}
