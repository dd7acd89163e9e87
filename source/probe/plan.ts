import { parseConfigText } from '../policy/parse-text.js';
import type { PolicyAction, PolicyRule, TrafficPolicy } from '../policy/types.js';

/** What a stranger sends in one probe of an https endpoint. */
export type HttpProbeKind = 'no-credential' | 'wrong-header' | 'malformed-jwt' | 'expired-jwt';

/** The JWT checks a policy's jwt-validation names, for a convincing expired token. */
export interface JwtClaims {
  issuer?: string;
  audience?: string;
  algorithms: string[];
}

/** The probes of one public endpoint and what a refusal looks like there. */
export interface EndpointPlan {
  url: string;
  scheme: 'http' | 'https' | 'tcp' | 'tls';
  /** https/http: the requests a stranger sends, at most four; tcp/tls: none (one silent connection). */
  httpProbes: HttpProbeKind[];
  /** Statuses the policy's denying actions answer with; any other status reached the clinic. */
  refusalStatuses: number[];
  /** The header a rule requires, when one does. */
  header?: string;
  jwt?: JwtClaims;
  /** CIDRs of restrict-ips allow lists, to tell when this laptop is no stranger. */
  allowIps: string[];
  /** A denying action in on_tcp_connect: a closed connection is a refusal there. */
  closesConnections: boolean;
  /** Why the policy could not be read (the probes still run: a stranger needs no policy to knock). */
  policyProblem?: string;
}

/**
 * deny answers its status_code, default 403 (https://ngrok.com/docs/traffic-policy/actions/deny);
 * jwt-validation answers 401 Unauthorized to a missing token (https://ngrok.com/docs/traffic-policy/actions/jwt-validation)
 * and the page names no status for an invalid one, so 403 Forbidden counts as its refusal too;
 * restrict-ips in the HTTP phase answers 403 and closes the connection on tcp/tls
 * (https://ngrok.com/docs/traffic-policy/actions/restrict-ips).
 */
function refusalStatuses(action: PolicyAction): number[] {
  if (action.type === 'deny') {
    const code = action.config?.status_code;
    return [typeof code === 'number' ? code : 403];
  }
  if (action.type === 'jwt-validation') return [401, 403];
  if (action.type === 'restrict-ips') return [403];
  return [];
}

const headerPatterns = [/hasReqHeader\(\s*['"]([^'"]+)['"]/i, /req\.headers\[\s*['"]([^'"]+)['"]\s*\]/i];

/** The header a rule's expressions test, when the rule denies. */
function requiredHeader(rule: PolicyRule): string | undefined {
  if (!rule.actions?.some((action) => action.type === 'deny')) return undefined;
  for (const expression of rule.expressions ?? []) {
    for (const pattern of headerPatterns) {
      const match = pattern.exec(expression);
      if (match?.[1]) return match[1];
    }
  }
  return undefined;
}

function firstValue(list: unknown): string | undefined {
  const first = Array.isArray(list) ? (list[0] as { value?: unknown } | undefined) : undefined;
  return typeof first?.value === 'string' ? first.value : undefined;
}

function jwtClaims(action: PolicyAction): JwtClaims {
  const config = action.config ?? {};
  const issuer = firstValue((config.issuer as { allow_list?: unknown } | undefined)?.allow_list);
  const audience = firstValue((config.audience as { allow_list?: unknown } | undefined)?.allow_list);
  const algorithms = (config.jws as { allowed_algorithms?: unknown } | undefined)?.allowed_algorithms;
  return {
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
    algorithms: Array.isArray(algorithms) ? algorithms.filter((a): a is string => typeof a === 'string') : [],
  };
}

function readPolicy(text: string | null | undefined): { policy: TrafficPolicy; problem?: string } {
  if (!text?.trim()) return { policy: {}, problem: 'the endpoint has no traffic policy' };
  const parsed = parseConfigText(text);
  const data = parsed.data;
  if (parsed.findings.length > 0 || typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { policy: {}, problem: 'its traffic policy cannot be read' };
  }
  return { policy: data as TrafficPolicy };
}

function rulesOf(phase: unknown): PolicyRule[] {
  return Array.isArray(phase)
    ? phase.filter(
        (rule): rule is PolicyRule =>
          typeof rule === 'object' && rule !== null && Array.isArray(rule.actions),
      )
    : [];
}

/** From a cloud endpoint's URL and traffic policy (JSON or YAML), the probes to run and what refusal looks like. */
export function planProbes(url: string, trafficPolicy: string | null | undefined): EndpointPlan {
  const scheme = new URL(url).protocol.replace(/:$/, '') as EndpointPlan['scheme'];
  const { policy, problem } = readPolicy(trafficPolicy);
  const http = rulesOf(policy.on_http_request);
  const tcp = rulesOf(policy.on_tcp_connect);
  const actions = [...tcp, ...http].flatMap((rule) => rule.actions);
  const allowIps = actions
    .filter((action) => action.type === 'restrict-ips')
    .flatMap((action) => (Array.isArray(action.config?.allow) ? action.config.allow : []))
    .filter((cidr): cidr is string => typeof cidr === 'string');
  const header = http.map(requiredHeader).find(Boolean);
  const jwtAction = http.flatMap((rule) => rule.actions).find((action) => action.type === 'jwt-validation');
  const refusals = [...new Set(http.flatMap((rule) => rule.actions.flatMap(refusalStatuses)))].sort();
  const httpProbes: HttpProbeKind[] =
    scheme === 'http' || scheme === 'https'
      ? [
          'no-credential',
          ...(header ? (['wrong-header'] as const) : []),
          ...(jwtAction ? (['malformed-jwt', 'expired-jwt'] as const) : []),
        ]
      : [];
  return {
    url,
    scheme,
    httpProbes,
    refusalStatuses: refusals,
    ...(header ? { header } : {}),
    ...(jwtAction ? { jwt: jwtClaims(jwtAction) } : {}),
    allowIps,
    closesConnections: tcp.some((rule) =>
      rule.actions.some((a) => a.type === 'restrict-ips' || a.type === 'deny'),
    ),
    ...(problem ? { policyProblem: problem } : {}),
  };
}

/** What an authorised request to these endpoints needs: the header some rule requires, and whether a JWT is checked. */
export function neededCredentials(endpoints: { url: string; trafficPolicy?: string | null }[]): {
  header?: string;
  token: boolean;
} {
  const plans = endpoints.map((endpoint) => planProbes(endpoint.url, endpoint.trafficPolicy));
  const header = plans.find((plan) => plan.header)?.header;
  return { ...(header ? { header } : {}), token: plans.some((plan) => plan.jwt) };
}
