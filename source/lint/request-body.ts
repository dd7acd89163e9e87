import { error, type Finding, warning } from '../policy/finding.js';
import { parseConfigText } from '../policy/parse-text.js';
import { validatePolicy } from '../policy/validate.js';
import { collectForwards, inferScheme, type LocatedUrl } from './forwards.js';

const bodyKeys = ['type', 'url', 'traffic_policy', 'bindings', 'description', 'metadata', 'pooling_enabled'];

/** Checks a POST/PATCH /endpoints body: a full URL, and a traffic_policy string that is itself a valid policy. */
export function lintRequestBody(body: Record<string, unknown>): {
  findings: Finding[];
  forwards: LocatedUrl[];
} {
  const findings: Finding[] = [];
  for (const key of Object.keys(body).filter((k) => !bodyKeys.includes(k)))
    findings.push(warning(key, 'is not an endpoint create/update field'));
  if (body.type !== undefined && body.type !== 'cloud')
    findings.push(error('type', 'only cloud endpoints can be created through the API'));
  const scheme = checkUrl(body.url, findings);
  if (body.bindings !== undefined) {
    const ok = Array.isArray(body.bindings) && body.bindings.length === 1;
    if (!ok || !['public', 'internal', 'kubernetes'].includes(String((body.bindings as unknown[])[0])))
      findings.push(error('bindings', 'must list exactly one of public, internal, kubernetes'));
  }
  const policy = body.traffic_policy;
  if (policy === undefined) {
    if (body.type === 'cloud' || body.url !== undefined)
      findings.push(
        error(
          'traffic_policy',
          'is missing: the API requires a non-empty policy string for a cloud endpoint, and without ' +
            'forward-internal it would reach no clinic service',
        ),
      );
    return { findings, forwards: [] };
  }
  if (typeof policy !== 'string' || policy.trim() === '') {
    findings.push(error('traffic_policy', 'must be a non-empty string holding the policy as JSON or YAML'));
    return { findings, forwards: [] };
  }
  const parsed = parseConfigText(policy, 'ERR_NGROK_2236');
  if (parsed.findings.length > 0) {
    const inner = parsed.findings.map((f) =>
      error('traffic_policy', `at ${f.path} of the policy string: ${f.message}`),
    );
    return { findings: [...findings, ...inner], forwards: [] };
  }
  findings.push(
    ...validatePolicy(
      parsed.data,
      { scheme: scheme ?? inferScheme(parsed.data), cloud: true },
      'traffic_policy',
    ),
  );
  return { findings, forwards: collectForwards(parsed.data, 'traffic_policy') };
}

function checkUrl(value: unknown, findings: Finding[]): 'http' | 'https' | 'tls' | 'tcp' | undefined {
  if (value === undefined) {
    findings.push(error('url', 'is required: the public URL of the cloud endpoint'));
    return undefined;
  }
  const text = String(value);
  if (/^[A-Za-z0-9.-]+:\d+$/.test(text)) {
    findings.push(error('url', `a reserved TCP address needs the scheme: tcp://${text}`));
    return 'tcp';
  }
  const scheme = /^([a-z]+):\/\/[^/]/.exec(text)?.[1];
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'tls' && scheme !== 'tcp') {
    findings.push(
      error(
        'url',
        `"${text}" is not an endpoint URL; use https://host, tls://host, or tcp:// + the reserved address ` +
          '(such as tcp://1.tcp.ngrok.io:20000)',
      ),
    );
    return undefined;
  }
  return scheme;
}
