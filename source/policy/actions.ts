/**
 * What clinic-tui knows about each Traffic Policy action (https://ngrok.com/docs/traffic-policy/actions/): the phases
 * it may run in, its config fields, the required ones, and whether it ends evaluation. Field lists left undefined are
 * not checked for unknown keys.
 */

export const phases = [
  'on_tcp_connect',
  'on_http_request',
  'on_http_response',
  'on_event_stream_message',
] as const;
export type Phase = (typeof phases)[number];

export interface ActionSpec {
  phases: readonly Phase[];
  fields?: readonly string[];
  required?: readonly string[];
  /** basic-auth, jwt-validation, oauth, openid-connect: an endpoint may hold only one (ERR_NGROK_2239). */
  auth?: true;
}

const tcp = 'on_tcp_connect';
const req = 'on_http_request';
const res = 'on_http_response';
const oauthFields = [
  'client_id',
  'client_secret',
  'scopes',
  'authz_url_params',
  'max_session_duration',
  'userinfo_refresh_interval',
  'allow_cors_preflight',
  'auth_cookie_domain',
  'auth_id',
];

export const actionSpecs: Record<string, ActionSpec> = {
  'add-headers': { phases: [req, res], fields: ['headers'], required: ['headers'] },
  'remove-headers': { phases: [req, res], fields: ['headers'], required: ['headers'] },
  'custom-response': { phases: [req, res], fields: ['status_code', 'body', 'headers'] },
  'http-request': { phases: [req, res] },
  'basic-auth': {
    phases: [req],
    fields: ['credentials', 'realm', 'enforce'],
    required: ['credentials'],
    auth: true,
  },
  'jwt-validation': {
    phases: [req],
    fields: ['issuer', 'audience', 'http', 'jws'],
    required: ['issuer', 'http', 'jws'],
    auth: true,
  },
  oauth: {
    phases: [req],
    fields: ['provider', 'idle_session_timeout', ...oauthFields],
    required: ['provider'],
    auth: true,
  },
  'openid-connect': {
    phases: [req],
    fields: ['issuer_url', 'idle_session_duration', ...oauthFields],
    required: ['issuer_url'],
    auth: true,
  },
  'rate-limit': {
    phases: [req],
    fields: ['name', 'enforce', 'algorithm', 'capacity', 'rate', 'bucket_key'],
    required: ['name', 'algorithm', 'capacity', 'rate'],
  },
  redirect: { phases: [req], fields: ['from', 'to', 'status_code', 'headers'], required: ['to'] },
  'url-rewrite': { phases: [req], fields: ['from', 'to'], required: ['to'] },
  'verify-webhook': {
    phases: [req],
    fields: ['provider', 'secret', 'enforce'],
    required: ['provider', 'secret'],
  },
  'circuit-breaker': { phases: [req] },
  'request-body-find-replace': { phases: [req] },
  'owasp-crs-request': { phases: [req] },
  'compress-response': { phases: [res] },
  'response-body-find-replace': { phases: [res] },
  'owasp-crs-response': { phases: [res] },
  'sse-find-replace': { phases: ['on_event_stream_message'] },
  deny: { phases: [tcp, req], fields: ['status_code'] },
  'forward-internal': { phases: [tcp, req], fields: ['url', 'on_error', 'binding'], required: ['url'] },
  'close-connection': { phases: [tcp, req], fields: [] },
  log: { phases: [tcp, req], fields: ['metadata'], required: ['metadata'] },
  'restrict-ips': { phases: [tcp, req, res], fields: ['enforce', 'allow', 'deny', 'ip_policies'] },
  'set-vars': { phases: [tcp, req, res], fields: ['vars'] },
  'terminate-tls': {
    phases: [tcp],
    fields: [
      'min_version',
      'max_version',
      'server_private_key',
      'server_certificate',
      'mutual_tls_certificate_authorities',
      'mutual_tls_verification_strategy',
    ],
  },
};

/** The phases an endpoint of this scheme may use (TLS and TCP endpoints only have on_tcp_connect). */
export function phasesFor(scheme: 'http' | 'https' | 'tls' | 'tcp'): readonly Phase[] {
  return scheme === 'tls' || scheme === 'tcp' ? [tcp] : phases;
}

/** The phase in which a cloud endpoint must finally handle traffic (forward, answer or close). */
export function handlingPhase(scheme: 'http' | 'https' | 'tls' | 'tcp'): Phase {
  return scheme === 'tls' || scheme === 'tcp' ? tcp : req;
}

/**
 * True when an action ends evaluation: nothing after it in the phase runs
 * (https://ngrok.com/docs/universal-gateway/cloud-endpoints/).
 */
export function isTerminating(action: { type: string; config?: unknown }): boolean {
  if (['deny', 'custom-response', 'close-connection', 'redirect'].includes(action.type)) return true;
  if (action.type !== 'forward-internal') return false;
  const config = action.config as { on_error?: unknown } | undefined;
  return config?.on_error !== 'continue';
}
