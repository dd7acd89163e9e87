import { urlKey } from '../spec/url-normal.js';

/**
 * What a cloud endpoint's Traffic Policy forwards to. The policy is the JSON or YAML string it was created with
 * (https://ngrok.com/docs/api-reference/endpoints/get); its `forward-internal` actions name the internal URLs,
 * which is how the fleet knows which internal endpoint each public URL depends on, and how it spots a policy that
 * forwards somewhere it should not (drift).
 */

/** A value now, or once a parser it needs has loaded. */
export type Eventually<T> = T | Promise<T>;

/**
 * The forward-internal target URLs of a policy document string (as urlKey spells them); undefined when it cannot be
 * parsed. A JSON policy (what clinic-tui sends: source/policy/build.ts) is read at once; one that is not JSON, e.g.
 * YAML set by hand in the dashboard, loads the YAML parser first, so a fleet of JSON policies never loads it.
 */
export function forwardTargets(policy: string): Eventually<string[] | undefined> {
  let document: unknown;
  try {
    // JSON first: it is what clinic-tui sends and far faster to parse than YAML for 30,000 endpoints.
    document = JSON.parse(policy);
  } catch {
    return fromYaml(policy);
  }
  return targetsOf(document);
}

async function fromYaml(policy: string): Promise<string[] | undefined> {
  const { parse } = await import('yaml');
  let document: unknown;
  try {
    document = parse(policy);
  } catch {
    return undefined;
  }
  return targetsOf(document);
}

function targetsOf(document: unknown): string[] | undefined {
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
