import { type ClinicSpec, type ServiceSpec, serviceProtocol } from '../spec/schema.js';
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
 * allow_ips applies to every protocol and min_tls to https and tls, as the answers file promises.
 */
export function buildPolicy(spec: ClinicSpec, service: ServiceSpec): TrafficPolicy {
  const forward: PolicyAction = { type: 'forward-internal', config: { url: internalTarget(service) } };
  const forwardRule: PolicyRule = { name: `Forward to ${spec.clinic.id}`, actions: [forward] };
  const pub = service.public;
  const restrictIps: PolicyAction[] = pub?.allow_ips
    ? [{ type: 'restrict-ips', config: { enforce: true, allow: [...pub.allow_ips] } }]
    : [];
  // terminate-tls runs only in on_tcp_connect, on https and tls endpoints
  // (https://ngrok.com/docs/traffic-policy/actions/terminate-tls/).
  const minTls: PolicyAction[] = pub?.min_tls
    ? [{ type: 'terminate-tls', config: { min_version: pub.min_tls } }]
    : [];
  switch (serviceProtocol(service)) {
    case 'http':
    case 'https': {
      // In the HTTP phase a refused address gets a 403 the client can read, not a dropped connection.
      const ipRule: PolicyRule[] = restrictIps.length
        ? [{ name: 'Allow only the listed IP ranges', actions: restrictIps }]
        : [];
      return {
        ...(minTls.length ? { on_tcp_connect: [{ name: 'Minimum TLS version', actions: minTls }] } : {}),
        on_http_request: [...ipRule, ...httpChecks(service), forwardRule],
      };
    }
    case 'tls':
    case 'tcp':
      // The address check first: a refused client never gets as far as a TLS handshake.
      return { on_tcp_connect: [{ ...forwardRule, actions: [...restrictIps, ...minTls, forward] }] };
    default:
      throw new Error(`service ${service.name} has an unsupported internal URL ${service.internal_url}`);
  }
}

/** The header check and JWT validation that run before the forward on http(s) endpoints. */
function httpChecks(service: ServiceSpec): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const pub = service.public;
  if (pub?.require_header) {
    rules.push({
      name: `Require the ${pub.require_header} header`,
      expressions: [`!hasReqHeader('${pub.require_header}')`],
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
