import { parse as parseYaml } from 'yaml';
import { urlKey } from '../spec/url-normal.js';

/**
 * What a cloud endpoint's Traffic Policy forwards to. The policy is a JSON or YAML string
 * (https://ngrok.com/docs/api-reference/endpoints/get); its `forward-internal` actions name the internal URLs,
 * which is how the fleet knows which internal endpoint each public URL depends on, and how it spots a policy that
 * forwards somewhere it should not (drift).
 */

/** The forward-internal target URLs of a policy document string (as urlKey spells them); undefined when it cannot be parsed. */
export function forwardTargets(policy: string): string[] | undefined {
  let document: unknown;
  try {
    // JSON first: it is what clinic-tui sends and far faster to parse than YAML for 30,000 endpoints.
    document = JSON.parse(policy);
  } catch {
    try {
      document = parseYaml(policy);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(document)) return undefined;
  const targets: string[] = [];
  for (const rules of Object.values(document)) {
    if (!Array.isArray(rules)) continue;
    for (const rule of rules) {
      const actions = isRecord(rule) && Array.isArray(rule.actions) ? rule.actions : [];
      for (const action of actions) {
        if (!isRecord(action) || action.type !== 'forward-internal' || !isRecord(action.config)) continue;
        if (typeof action.config.url === 'string') targets.push(urlKey(action.config.url));
      }
    }
  }
  return targets;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
