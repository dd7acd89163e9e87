/**
 * Endpoint URLs in the one spelling ngrok stores them in. ngrok drops a default port: the create example sends
 * `https://endpoint-example2.com:443` and is answered `https://endpoint-example2.com`
 * (https://ngrok.com/docs/api-reference/endpoints/create); public http listens on 80, https and tls on 443
 * (https://ngrok.com/docs/endpoints/public-endpoints#urls). Host names are case-insensitive (RFC 4343), so a host
 * is compared in lower case whatever the API answers.
 */

/** The port each scheme listens on when a URL gives none; tcp has none (its URLs always carry a port). */
export const defaultPorts: Readonly<Record<string, string>> = { http: '80', https: '443', tls: '443' };

// scheme://host[:port][/path]: the only shape an endpoint URL has. Anything else (a query, a user, a bracketed
// address) is left as written, so the answers file's checks report it in the user's own spelling.
const shape = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([A-Za-z0-9_.-]+)(?::(\d*))?(\/[^?#\s]*)?$/;

/**
 * Spells a URL as ngrok stores it: scheme and host in lower case, the default port dropped, no trailing slash;
 * text that is not such a URL comes back unchanged. An internal tls URL keeps a port of 443: ngrok's internal
 * endpoint page (https://ngrok.com/docs/endpoints/internal-endpoints#urls) gives no default port for tls.
 */
export function normalizeUrl(text: string): string {
  return spell(text, false);
}

/**
 * The key URLs are compared by: normalizeUrl, with 443 dropped from internal tls URLs as well, since clinic-tui
 * forwards `tls://x.internal` to port 443 (policy/build.ts) and so treats both spellings as one endpoint.
 */
export function urlKey(text: string): string {
  return spell(text, true);
}

/** True when two URLs (from the answers file, ngrok.yml or the API) name the same endpoint. */
export function sameUrl(a: string, b: string): boolean {
  return urlKey(a) === urlKey(b);
}

function spell(text: string, dropInternalTlsPort: boolean): string {
  const match = shape.exec(text);
  if (!match) return text;
  const scheme = match[1]!.toLowerCase();
  const host = match[2]!.toLowerCase();
  const port = match[3] ? String(Number(match[3])) : '';
  const path = (match[4] ?? '').replace(/\/+$/, '');
  const keepTlsPort = scheme === 'tls' && host.endsWith('.internal') && !dropInternalTlsPort;
  const dropPort = port === '' || (port === defaultPorts[scheme] && !keepTlsPort);
  return `${scheme}://${host}${dropPort ? '' : `:${port}`}${path}`;
}

/** A copy of parsed answers with every endpoint URL (internal and public) spelled by normalizeUrl. */
export function normalizeAnswerUrls(data: unknown): unknown {
  if (!isRecord(data) || !Array.isArray(data.services)) return data;
  const services = data.services.map((service: unknown) => {
    if (!isRecord(service)) return service;
    const pub = service.public;
    return {
      ...service,
      ...(typeof service.internal_url === 'string'
        ? { internal_url: normalizeUrl(service.internal_url) }
        : {}),
      ...(isRecord(pub) && typeof pub.url === 'string'
        ? { public: { ...pub, url: normalizeUrl(pub.url) } }
        : {}),
    };
  });
  return { ...data, services };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
