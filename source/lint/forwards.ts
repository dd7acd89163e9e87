import { at, isRecord } from '../policy/finding.js';

/** A URL somewhere in a file, with the path that points at it. */
export interface LocatedUrl {
  url: string;
  path: string;
}

/** Every literal forward-internal target in a policy document (CEL-interpolated URLs are skipped). */
export function collectForwards(policy: unknown, base = ''): LocatedUrl[] {
  if (!isRecord(policy)) return [];
  const found: LocatedUrl[] = [];
  for (const [phase, rules] of Object.entries(policy)) {
    if (!Array.isArray(rules)) continue;
    rules.forEach((rule, ruleIndex) => {
      if (!isRecord(rule) || !Array.isArray(rule.actions)) return;
      rule.actions.forEach((action, actionIndex) => {
        if (!isRecord(action) || action.type !== 'forward-internal' || !isRecord(action.config)) return;
        const url = action.config.url;
        if (typeof url !== 'string' || url.includes('${')) return;
        const path = at(at(at(at(at(base, phase), ruleIndex), 'actions'), actionIndex), 'config');
        found.push({ url, path: at(path, 'url') });
      });
    });
  }
  return found;
}

/** The scheme a policy's endpoint most likely has: its forward target's, else what its phases and actions imply. */
export function inferScheme(policy: unknown): 'http' | 'https' | 'tls' | 'tcp' {
  const scheme = collectForwards(policy)[0]?.url.split('://')[0];
  if (scheme === 'http' || scheme === 'https' || scheme === 'tls' || scheme === 'tcp') return scheme;
  if (isRecord(policy) && Object.keys(policy).some((key) => key.startsWith('on_http'))) return 'https';
  return JSON.stringify(policy ?? {}).includes('"terminate-tls"') ? 'tls' : 'tcp';
}

const defaultPorts: Record<string, string> = { 'http:': '80', 'https:': '443', 'tls:': '443' };

/** scheme://host:port with the default port filled in, so https://x and https://x:443 compare equal. */
export function normalizeEndpointUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    const port = url.port === '' ? defaultPorts[url.protocol] : url.port;
    return port === undefined ? undefined : `${url.protocol}//${url.hostname}:${port}`;
  } catch {
    return undefined;
  }
}
