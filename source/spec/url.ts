import type { ServiceSpec } from './schema.js';

/** The protocols a clinic service can have; the internal URL's scheme says which. */
export const serviceProtocols = ['http', 'https', 'tls', 'tcp'] as const;
export type ServiceProtocol = (typeof serviceProtocols)[number];

/** Parses a URL; undefined instead of an exception for text that is not one. */
export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** The protocol of a service, read from its internal URL's scheme. */
export function serviceProtocol(service: Pick<ServiceSpec, 'internal_url'>): ServiceProtocol | undefined {
  const scheme = parseUrl(service.internal_url)?.protocol.replace(/:$/, '');
  return (serviceProtocols as readonly string[]).includes(scheme ?? '')
    ? (scheme as ServiceProtocol)
    : undefined;
}
