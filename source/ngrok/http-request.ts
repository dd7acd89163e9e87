import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * One HTTP request on node:http/https, for the API client. fetch would do, but on its first request Node compiles
 * its WebAssembly HTTP parser and, at exit, waits for the background optimisation of that parser: 150–300 ms on
 * every `fleet --once` a script runs. node:http parses with the parser built into Node.
 */

/** What the transport sends: the subset of fetch's init it uses. */
export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** What the transport reads of an answer; a fetch Response has all of it. */
export interface HttpResponse {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** Sends a request; fetch and fakes of it fit the same signature. */
export type HttpSend = (url: URL, init: HttpRequestInit) => Promise<HttpResponse>;

/**
 * Sends one request and reads the whole answer. As with fetch, an abort of `signal` (a timeout or Ctrl+C) rejects
 * with the signal's reason, whether it comes while connecting or while the body arrives.
 */
export const sendHttp: HttpSend = (url, { method, headers, body, signal }) =>
  new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const lengths = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
    const request = send(url, { method, headers: { ...headers, ...lengths, 'accept-encoding': 'gzip' } });
    const onAbort = () => {
      reject(signal.reason);
      request.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = (outcome: () => void) => {
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    request.on('error', (error) => settle(() => reject(error)));
    request.on('response', (response) => {
      readBody(response).then(
        (text) => settle(() => resolve(answer(response, text))),
        (error: unknown) => settle(() => reject(error)),
      );
    });
    request.end(body);
  });

async function readBody(response: IncomingMessage): Promise<string> {
  const gzipped = response.headers['content-encoding'] === 'gzip';
  // pipeline passes a broken connection on to the gunzip stream, so the loop below ends with its error.
  const stream = gzipped ? pipeline(response, createGunzip(), () => {}) : response;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function answer(response: IncomingMessage, text: string): HttpResponse {
  const status = response.statusCode ?? 0;
  return {
    ok: status >= 200 && status <= 299,
    status,
    headers: {
      get: (name) => {
        const value = response.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => text,
  };
}
