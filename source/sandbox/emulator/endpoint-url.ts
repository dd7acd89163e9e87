import { apiError, undocumentedStatus } from './http.js';
import { type EmulatorState, endpointKey } from './state.js';
import type { StoredObject } from './store.js';

export interface EndpointUrl {
  url: string;
  scheme: 'http' | 'https' | 'tcp' | 'tls';
  host: string;
  port: number;
  binding: 'public' | 'internal';
}

const defaultPorts: Record<string, number> = { http: 80, https: 443, tls: 443 };

/**
 * Parses an endpoint URL (https://ngrok.com/docs/endpoints/internal-endpoints#urls, default ports from
 * https://ngrok.com/docs/endpoints/public-endpoints#urls): a full URL with a host (no random URLs), `internal`
 * binding for `.internal` hosts, tcp internal URLs must carry a port; the default port for internal tls is
 * presumably 443 (no ngrok page says). `url` is the spelling the API reports (storedSpelling); `pick` chooses
 * where ngrok's docs leave that open.
 */
export function parseEndpointUrl(raw: string, pick: () => number): EndpointUrl {
  const match = /^(https?|tcp|tls):\/\/([^/:?#]+)(?::(\d+))?(\/?)$/i.exec(raw.trim());
  if (!match) {
    throw apiError(
      400,
      'ERR_NGROK_215',
      `The endpoint url "${raw}" must be a full URL such as https://host or tcp://host:port.`,
    );
  }
  const [, writtenScheme = '', writtenHost = '', writtenPort, slash = ''] = match;
  const scheme = writtenScheme.toLowerCase() as EndpointUrl['scheme'];
  const host = writtenHost.toLowerCase();
  const binding = host.endsWith('.internal') ? 'internal' : 'public';
  if (scheme === 'tcp' && !writtenPort) {
    throw apiError(400, 'ERR_NGROK_215', `A tcp endpoint URL must include a port: "${raw}".`);
  }
  const port = writtenPort ? Number(writtenPort) : (defaultPorts[scheme] ?? 0);
  if (port < 1 || port > 65535) throw apiError(400, 'ERR_NGROK_215', `Port out of range in "${raw}".`);
  const written = { scheme: writtenScheme, host: writtenHost, port: writtenPort, slash };
  return { url: storedSpelling(written, { scheme, host, port, binding }, pick), scheme, host, port, binding };
}

/**
 * The URL as the API reports it. A public endpoint's default port is dropped: the create example sends
 * `https://endpoint-example2.com:443` and is answered `https://endpoint-example2.com`
 * (https://ngrok.com/docs/api-reference/endpoints/create), and the list example shows a tls endpoint on 443 as
 * `tls://endpoint-example2.com` (https://ngrok.com/docs/api-reference/endpoints/list). The docs show no answer for
 * a URL written in capitals, with a trailing slash, or for an internal URL with its default port, so each of
 * those is answered either way, at random: a client must compare URLs however ngrok spells them.
 */
function storedSpelling(
  written: { scheme: string; host: string; port: string | undefined; slash: string },
  parsed: Pick<EndpointUrl, 'scheme' | 'host' | 'port' | 'binding'>,
  pick: () => number,
): string {
  const either = () => pick() < 0.5;
  const lower = either();
  const scheme = lower ? parsed.scheme : written.scheme;
  const host = lower ? parsed.host : written.host;
  const isDefault = parsed.port === defaultPorts[parsed.scheme];
  const dropPort = written.port === undefined || (isDefault && (parsed.binding === 'public' || either()));
  const slash = written.slash !== '' && either() ? '/' : '';
  return `${scheme}://${host}${dropPort ? '' : `:${parsed.port}`}${slash}`;
}

/** True when two parsed URLs are one endpoint (scheme, host and port), however each was spelled. */
export function sameEndpoint(a: EndpointUrl, b: EndpointUrl): boolean {
  return endpointKey({ ...a }) === endpointKey({ ...b });
}

/** The endpoint already online at this URL (same scheme, host and port), if any. */
export function endpointAt(state: EmulatorState, target: EndpointUrl): StoredObject | undefined {
  return state.endpoints.withKey(endpointKey({ ...target }))[0];
}

/**
 * ERR_NGROK_334 when the URL is already online, unless both endpoints enable pooling
 * (https://ngrok.com/docs/endpoints/endpoint-pooling#conflicts).
 */
export function checkUrlFree(state: EmulatorState, target: EndpointUrl, pooling: boolean): void {
  const existing = endpointAt(state, target);
  if (existing && !(pooling && existing.pooling_enabled === true)) {
    throw apiError(
      409,
      'ERR_NGROK_334',
      `The endpoint '${target.url}' is already online. Either stop the existing endpoint or enable pooling on both.`,
    );
  }
}

/**
 * A cloud endpoint's create at a URL another endpoint (of any type) already has, unless both enable pooling: "ngrok
 * will return a conflict error" (https://ngrok.com/docs/endpoints/endpoint-pooling#conflicts), with the codes of
 * https://ngrok.com/docs/errors/err_ngrok_18017 (this one without pooling) and
 * https://ngrok.com/docs/errors/err_ngrok_18016 (this one pooled, the other not). No page gives the HTTP status:
 * the pooling page says "conflict", the error pages "invalid", so either is answered, at random.
 */
export function checkCloudUrlFree(
  state: EmulatorState,
  target: EndpointUrl,
  pooling: boolean,
  pick: () => number,
): void {
  const existing = endpointAt(state, target);
  if (!existing || (pooling && existing.pooling_enabled === true)) return;
  const status = undocumentedStatus(pick);
  if (pooling) {
    throw apiError(
      status,
      'ERR_NGROK_18016',
      `The provided cloud endpoint was invalid because pooling was set to enabled when another endpoint exists for this url that has pooling disabled.`,
    );
  }
  throw apiError(
    status,
    'ERR_NGROK_18017',
    `The provided cloud endpoint was invalid because pooling was set to disabled when another endpoint exists for this url.`,
  );
}

/** The Endpoint object (https://ngrok.com/docs/api-reference/endpoints/get), filled the way the API reports it. */
export function endpointObject(
  state: EmulatorState,
  fields: {
    id: string;
    type: 'cloud' | 'agent';
    target: EndpointUrl;
    principalId: string;
    trafficPolicy?: string;
    description?: string;
    metadata?: string;
    poolingEnabled?: boolean;
    name?: string;
    upstreamUrl?: string;
    tunnelSessionId?: string;
  },
): StoredObject {
  const now = new Date(state.clock()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { target } = fields;
  const hostport = `${target.host}:${target.port}`;
  return {
    id: fields.id,
    region: 'us',
    created_at: now,
    updated_at: now,
    public_url: target.url,
    proto: target.scheme,
    scheme: target.scheme,
    host: target.host,
    port: target.port,
    hostport,
    type: fields.type,
    metadata: fields.metadata ?? '',
    description: fields.description ?? '',
    domain: null,
    tcp_addr: null,
    tunnel: null,
    edge: null,
    upstream_url: fields.upstreamUrl ?? '',
    // http1 is the agent's default upstream protocol for HTTP endpoints
    // (https://ngrok.com/docs/agent/config/v3#upstream).
    upstream_protocol: fields.upstreamUrl && target.scheme.startsWith('http') ? 'http1' : '',
    url: target.url,
    // ngrok's own example responses show an empty principal uri.
    principal: { id: fields.principalId, uri: '' },
    traffic_policy: fields.trafficPolicy ?? '',
    bindings: [target.binding],
    tunnel_session: fields.tunnelSessionId
      ? { id: fields.tunnelSessionId, uri: state.uri(`/tunnel_sessions/${fields.tunnelSessionId}`) }
      : null,
    uri: state.uri(`/endpoints/${fields.id}`),
    name: fields.name ?? '',
    pooling_enabled: fields.poolingEnabled ?? false,
  };
}
