import { defaultPorts } from './url-normal.js';

/** The protocols a clinic service can have; the internal URL's scheme says which. */
export const serviceProtocols = ['http', 'https', 'tls', 'tcp'] as const;
/** One of serviceProtocols: http, https, tls or tcp. */
export type ServiceProtocol = (typeof serviceProtocols)[number];

/** One DNS label as ngrok accepts it in a host name: lowercase letters, digits, inner dashes, at most 63. */
const dnsLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Parses a URL; undefined instead of an exception for text that is not one. */
export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** The protocol of a service, read from its internal URL's scheme. */
export function serviceProtocol(service: { internal_url: string }): ServiceProtocol | undefined {
  const scheme = parseUrl(service.internal_url)?.protocol.replace(/:$/, '');
  return (serviceProtocols as readonly string[]).includes(scheme ?? '')
    ? (scheme as ServiceProtocol)
    : undefined;
}

/**
 * What is wrong with the host of a URL as the user wrote it, or undefined when every label is one ngrok accepts.
 * The raw text is checked, not URL.hostname: WHATWG lowercases http(s) hosts but leaves tls:// and tcp:// hosts
 * as written (even percent-encoded), and ngrok would reject those.
 */
export function hostProblem(rawUrl: string): string | undefined {
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]*)/i.exec(rawUrl)?.[1] ?? '';
  if (host.length > 253) return 'the host name is longer than 253 characters';
  const bad = host.split('.').find((label) => !dnsLabel.test(label));
  if (bad === undefined) return undefined;
  return `"${bad}" is not a host name label: use lowercase letters, digits and inner dashes (at most 63)`;
}

/** `host:port` a URL listens on, with the scheme's default port filled in; ngrok serves one endpoint there. */
export function listenAddress(url: URL): string {
  const scheme = url.protocol.replace(/:$/, '');
  return `${url.hostname.toLowerCase()}:${url.port || defaultPorts[scheme] || ''}`;
}

/**
 * Why an upstream URL's scheme does not fit the endpoint in front of it, or undefined when it fits (or names no
 * scheme). A tcp or tls endpoint carries raw bytes, which an http(s):// upstream would wrap in HTTP; an http(s)
 * endpoint forwards requests, which a tcp:// or tls:// upstream would not parse
 * (https://ngrok.com/docs/agent/config/v3#upstreamurl).
 */
export function upstreamSchemeProblem(endpoint: string, upstream: unknown): string | undefined {
  const scheme = typeof upstream === 'string' ? /^([a-z][a-z0-9+.-]*):\/\//i.exec(upstream)?.[1] : undefined;
  if (!scheme) return undefined;
  const upstreamHttp = /^https?$/i.test(scheme);
  const endpointHttp = endpoint === 'http' || endpoint === 'https';
  if (upstreamHttp === endpointHttp) return undefined;
  return endpointHttp
    ? `a ${endpoint} endpoint forwards HTTP requests, which a ${scheme}:// upstream does not take; use http:// or https://, a port or host:port`
    : `a ${endpoint} endpoint carries raw bytes, which an ${scheme}:// upstream would wrap in HTTP; use host:port or tcp://host:port`;
}
