import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ProbeRoute } from './route.js';

/** What one request brought back: a status, or the connection closed with no response, or an error. */
export type HttpAnswer =
  | { kind: 'status'; status: number; ngrokError?: string }
  | { kind: 'closed' }
  | { kind: 'error'; message: string };

/**
 * One GET of the public URL's path over the route, with the Host header (and SNI) of the public name. Redirects are
 * not followed and the body is not read: the status is the answer.
 */
export function sendRequest(
  route: ProbeRoute,
  path: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const options = {
      host: route.host,
      port: route.port,
      path,
      method: 'GET',
      agent: false as const,
      headers: { ...headers, host: route.servername, 'user-agent': 'clinic-tui-verify' },
      signal,
    };
    const req = route.tls ? httpsRequest({ ...options, servername: route.servername }) : httpRequest(options);
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ kind: 'error', message: `no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      const code = res.headers['ngrok-error-code'];
      res.destroy();
      resolve({
        kind: 'status',
        status: res.statusCode ?? 0,
        ...(typeof code === 'string' ? { ngrokError: code } : {}),
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const closed = error.code === 'ECONNRESET' || /socket hang up/.test(error.message);
      resolve(closed ? { kind: 'closed' } : { kind: 'error', message: error.code ?? error.message });
    });
    req.end();
  });
}
