import { type ClinicSpec, type ServiceSpec, serviceProtocol } from '../spec/schema.js';
import { canonicalHeaderName } from './headers.js';
import type { PolicyAction, PolicyRule, TrafficPolicy } from './types.js';

export type { PolicyAction, PolicyRule, TrafficPolicy } from './types.js';

const defaultPorts: Record<string, number> = { http: 80, https: 443, tls: 443 };

/**
 * The exact internal URL a cloud endpoint forwards to, always with its port (https://x.clinic1.internal:443). Every
 * forward target is computed here, so the agent's endpoint and the forward can never disagree (the guide's :433/:443).
 */
export function internalTarget(service: Pick<ServiceSpec, 'internal_url'>): string {
  const url = new URL(service.internal_url);
  const scheme = url.protocol.replace(/:$/, '');
  const port = url.port === '' ? defaultPorts[scheme] : Number(url.port);
  if (port === undefined) throw new Error(`${service.internal_url} has no port and ${scheme} has no default`);
  return `${scheme}://${url.hostname}:${port}`;
}

/**
 * Builds the Traffic Policy of a service's public cloud endpoint: the answers' checks, then forward-internal.
 * allow_ips applies to every protocol; min_tls becomes terminate-tls on https only. A tls endpoint forwards the TLS
 * stream unopened to its internal tls:// endpoint, as ngrok's site-to-site guide does
 * (https://ngrok.com/docs/gateway/site-to-site-connectivity), so TLS ends at the agent or the upstream; ngrok
 * documents no terminate-tls before a forward to tls://, and notes.ts says min_tls is not enforced there.
 */
export function buildPolicy(spec: ClinicSpec, service: ServiceSpec): TrafficPolicy {
  const forward: PolicyAction = { type: 'forward-internal', config: { url: internalTarget(service) } };
  const forwardRule: PolicyRule = { name: `Forward to ${spec.clinic.id}`, actions: [forward] };
  const pub = service.public;
  const restrictIps: PolicyAction[] = pub?.allow_ips
    ? [{ type: 'restrict-ips', config: { enforce: true, allow: [...pub.allow_ips] } }]
    : [];
  switch (serviceProtocol(service)) {
    case 'http':
    case 'https': {
      // terminate-tls runs in on_tcp_connect and, on an https endpoint, replaces ngrok's default termination
      // (https://ngrok.com/docs/traffic-policy/actions/terminate-tls#changing-supported-tls-versions).
      const minTls: PolicyRule[] = pub?.min_tls
        ? [
            {
              name: 'Minimum TLS version',
              actions: [{ type: 'terminate-tls', config: { min_version: pub.min_tls } }],
            },
          ]
        : [];
      // In the HTTP phase a refused address gets a 403 the client can read, not a dropped connection.
      const ipRule: PolicyRule[] = restrictIps.length
        ? [{ name: 'Allow only the listed IP ranges', actions: restrictIps }]
        : [];
      return {
        ...(minTls.length ? { on_tcp_connect: minTls } : {}),
        on_http_request: [...ipRule, ...httpChecks(service), forwardRule],
      };
    }
    case 'tls':
    case 'tcp':
      // restrict-ips is one of the two checks ngrok documents for TLS endpoints
      // (https://ngrok.com/docs/endpoints/cloud-endpoints/tls#authentication), and it runs before the forward.
      return { on_tcp_connect: [{ ...forwardRule, actions: [...restrictIps, forward] }] };
    default:
      throw new Error(`service ${service.name} has an unsupported internal URL ${service.internal_url}`);
  }
}

/** The header check and JWT validation that run before the forward on http(s) endpoints. */
function httpChecks(service: ServiceSpec): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const pub = service.public;
  if (pub?.require_header) {
    const header = canonicalHeaderName(pub.require_header);
    rules.push({
      name: `Require the ${header} header`,
      expressions: [`!hasReqHeader('${header}')`],
      actions: [{ type: 'deny', config: { status_code: 401 } }],
    });
  }
  if (pub?.jwt) {
    const { jwt } = pub;
    // One access token in the Authorization header. The guide also lists an it+jwt token in the POST body; ngrok
    // requires every listed token, so that copy would answer 401 to every GET.
    rules.push({
      name: 'Validate the JWT',
      actions: [
        {
          type: 'jwt-validation',
          config: {
            issuer: { allow_list: [{ value: jwt.issuer }] },
            ...(jwt.audience ? { audience: { allow_list: [{ value: jwt.audience }] } } : {}),
            http: {
              tokens: [{ type: 'access_token', method: 'header', name: 'Authorization', prefix: 'Bearer ' }],
            },
            jws: {
              allowed_algorithms: [...jwt.algorithms],
              keys: { sources: { additional_jkus: [jwt.jwks_url] } },
            },
          },
        },
      ],
    });
  }
  return rules;
}

/** The policy as the API's `traffic_policy` field wants it: a JSON string, not an object. */
export function policyToApiString(policy: TrafficPolicy): string {
  return JSON.stringify(policy);
}
