import { parse as parseYaml } from 'yaml';

/**
 * What a cloud endpoint's Traffic Policy forwards to. The policy is a JSON or YAML string
 * (https://ngrok.com/docs/api-reference/endpoints/get); its `forward-internal` actions name the internal URLs,
 * which is how the fleet knows which internal endpoint each public URL depends on, and how it spots a policy that
 * forwards somewhere it should not (drift).
 */

const defaultPorts: Record<string, string> = { 'https:': '443', 'http:': '80', 'tls:': '443' };

// Most URLs the fleet sees are already canonical but for a port (`tls://db.clinic1.internal:443`): a lowercase
// host whose last label starts with a letter (so the URL parser would not rewrite it as an IPv4 address), an
// optional port without leading zeros, no path. Those skip the URL parser: 30,000 agent endpoints per refresh.
const simpleUrl = /^([a-z]+:)\/\/((?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*)(?::([1-9]\d{0,4}))?$/;

/** A URL in one canonical spelling: lowercase host, default port dropped, no trailing slash. */
export function normalizeUrl(url: string): string {
  const [, protocol = '', host, port] = simpleUrl.exec(url) ?? [];
  if (host && !(port && Number(port) > 65_535)) {
    return port && port !== defaultPorts[protocol] ? `${protocol}//${host}:${port}` : `${protocol}//${host}`;
  }
  try {
    const parsed = new URL(url);
    const port = parsed.port && parsed.port !== defaultPorts[parsed.protocol] ? `:${parsed.port}` : '';
    const path = parsed.pathname === '/' ? '' : parsed.pathname;
    return `${parsed.protocol}//${parsed.hostname.toLowerCase()}${port}${path}`;
  } catch {
    return url.trim().toLowerCase();
  }
}

/** The forward-internal target URLs of a policy document string; undefined when it cannot be parsed. */
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
        if (typeof action.config.url === 'string') targets.push(normalizeUrl(action.config.url));
      }
    }
  }
  return targets;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
