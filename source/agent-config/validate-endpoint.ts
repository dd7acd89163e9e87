import { at, error, type Finding, isRecord, warning } from '../policy/finding.js';
import { validatePolicy } from '../policy/validate.js';
import { appNames, databaseApps, inferApp } from '../spec/app.js';
import { upstreamSchemeProblem } from '../spec/url.js';
import { endpointKeys } from './keys.js';

const schemes = ['http', 'https', 'tls', 'tcp'] as const;
type Scheme = (typeof schemes)[number];

/**
 * Checks one `endpoints` entry of an ngrok.yml (https://ngrok.com/docs/agent/config/v3#endpoint-definitions): keys,
 * URL rules, upstream, and an inline policy.
 */
export function validateAgentEndpoint(endpoint: unknown, path: string): Finding[] {
  if (!isRecord(endpoint)) return [error(path, 'an endpoint is a mapping with name, url and upstream.url')];
  const findings: Finding[] = [];
  for (const key of Object.keys(endpoint).filter((k) => !endpointKeys.includes(k)))
    findings.push(error(at(path, key), 'is not an endpoint key'));
  if (typeof endpoint.name !== 'string' || endpoint.name === '')
    findings.push(error(at(path, 'name'), 'is required: a unique name such as rest-api'));
  const scheme = checkUrl(endpoint, path, findings);
  checkUpstream(endpoint.upstream, scheme, at(path, 'upstream'), findings);
  if (endpoint.pooling_enabled !== undefined && typeof endpoint.pooling_enabled !== 'boolean')
    findings.push(error(at(path, 'pooling_enabled'), 'must be true or false'));
  if (endpoint.bindings !== undefined) {
    const ok = Array.isArray(endpoint.bindings) && endpoint.bindings.length === 1;
    if (!ok || !['public', 'internal', 'kubernetes'].includes(String((endpoint.bindings as unknown[])[0])))
      findings.push(error(at(path, 'bindings'), 'must list exactly one of public, internal, kubernetes'));
  }
  const app = isRecord(endpoint.upstream) ? inferApp(upstreamText(endpoint.upstream.url)) : 'other';
  if (scheme === 'tls' && databaseApps.includes(app))
    findings.push(
      warning(
        at(path, 'url'),
        `the upstream port is ${appNames[app]}'s, whose clients start in plain text and upgrade to TLS, which ngrok ` +
          'tls:// endpoints do not carry (https://ngrok.com/docs/endpoints/cloud-endpoints/tls#starttls); use ' +
          'tcp:// unless every client opens with direct TLS (PostgreSQL 17 sslnegotiation=direct)',
      ),
    );
  if (endpoint.agent_tls_termination !== undefined && scheme !== 'tls')
    findings.push(error(at(path, 'agent_tls_termination'), 'is only for tls:// endpoints'));
  if (endpoint.traffic_policy !== undefined && endpoint.traffic_policy_file !== undefined)
    findings.push(
      error(at(path, 'traffic_policy_file'), 'give traffic_policy or traffic_policy_file, not both'),
    );
  if (typeof endpoint.traffic_policy === 'string')
    findings.push(
      error(at(path, 'traffic_policy'), 'in ngrok.yml the policy is a YAML mapping, not a string'),
    );
  else if (endpoint.traffic_policy !== undefined && scheme)
    findings.push(
      ...validatePolicy(endpoint.traffic_policy, { scheme, cloud: false }, at(path, 'traffic_policy')),
    );
  return findings;
}

/** An upstream.url as inferApp reads it: a port number or text; anything else reads as nothing. */
function upstreamText(value: unknown): number | string {
  return typeof value === 'number' || typeof value === 'string' ? value : '';
}

function checkUrl(endpoint: Record<string, unknown>, path: string, findings: Finding[]): Scheme | undefined {
  const urlPath = at(path, 'url');
  if (typeof endpoint.url !== 'string' || endpoint.url === '') {
    findings.push(error(urlPath, 'is required: the endpoint URL, such as https://rest-api.clinic1.internal'));
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    findings.push(error(urlPath, 'must be scheme://host[:port], such as tcp://db.clinic1.internal:1433'));
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!(schemes as readonly string[]).includes(scheme)) {
    findings.push(error(urlPath, 'scheme must be http, https, tls or tcp'));
    return undefined;
  }
  if (url.hostname.endsWith('.internal')) {
    if (scheme === 'tcp' && url.port === '')
      findings.push(
        error(urlPath, 'a tcp internal URL must carry a port, such as tcp://db.clinic1.internal:1433'),
      );
    if (url.hostname.split('.').length - 1 > 5)
      findings.push(error(urlPath, 'an internal host may have at most 5 labels before .internal'));
  } else if ((scheme === 'http' || scheme === 'https') && url.port !== '') {
    findings.push(
      error(urlPath, `a public ${scheme} endpoint uses port ${scheme === 'http' ? 80 : 443} only`),
    );
  }
  return scheme as Scheme;
}

function checkUpstream(
  upstream: unknown,
  scheme: Scheme | undefined,
  path: string,
  findings: Finding[],
): void {
  if (!isRecord(upstream) || upstream.url === undefined || upstream.url === '') {
    findings.push(
      error(at(path, 'url'), 'is required: a port (8080), host:port or URL of the local service'),
    );
    return;
  }
  const value = upstream.url;
  if (typeof value === 'number' || /^\d+$/.test(String(value))) {
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      findings.push(error(at(path, 'url'), 'a port must be from 1 to 65535'));
  } else if (typeof value !== 'string') {
    findings.push(error(at(path, 'url'), 'must be a port, host:port or URL'));
  } else if ((scheme === 'tcp' || scheme === 'tls') && !/:\d+$/.test(value)) {
    findings.push(
      error(at(path, 'url'), `a ${scheme} endpoint's upstream needs host and port, such as 10.0.0.5:5432`),
    );
  }
  const misfit = scheme && upstreamSchemeProblem(scheme, value);
  if (misfit) findings.push(error(at(path, 'url'), misfit));
  for (const key of Object.keys(upstream).filter((k) => !['url', 'protocol', 'proxy_protocol'].includes(k)))
    findings.push(error(at(path, key), 'is not an upstream key (url, protocol, proxy_protocol)'));
  if (upstream.protocol !== undefined && upstream.protocol !== 'http1' && upstream.protocol !== 'http2')
    findings.push(error(at(path, 'protocol'), 'must be http1 or http2'));
}
