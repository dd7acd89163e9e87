import { type IncomingMessage, type OutgoingHttpHeaders, request, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { sendOffline, sendUpstreamFailed } from './answers.js';
import type { UpstreamOpener } from './upstream.js';

/**
 * Sends one HTTP request to the internal endpoint `internalUrl` over a stream from `open` and relays the answer
 * (https://ngrok.com/docs/traffic-policy/actions/forward-internal#behavior). The Host header stays the public
 * host, and X-Forwarded-For/-Proto are appended to and X-Forwarded-Host kept or set
 * (https://ngrok.com/docs/endpoints/cloud-endpoints/http#upstream-headers). No stream (no online agent) answers
 * ERR_NGROK_3200; a stream that fails before the answer, ERR_NGROK_8012.
 */
export async function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: { internalUrl: string; publicScheme: string; clientIp: string },
  open: UpstreamOpener,
  random: () => number,
): Promise<void> {
  let stream: Awaited<ReturnType<UpstreamOpener>>;
  try {
    stream = await open(target.internalUrl, target.clientIp);
  } catch {
    sendOffline(res, random, target.internalUrl);
    return;
  }
  const upstream = request({
    createConnection: () => stream as never,
    method: req.method,
    path: req.url,
    headers: forwardedHeaders(req, target),
  });
  upstream.on('response', (answer) => {
    const headers = { ...answer.headers };
    // ngrok guarantees the upstream can never set ngrok-error-code
    // (https://ngrok.com/docs/endpoints/cloud-endpoints/http#errors).
    delete headers['ngrok-error-code'];
    // The stream to the agent carries one request; the client's own connection may stay open.
    delete headers.connection;
    res.writeHead(answer.statusCode ?? 502, headers);
    // pipeline, not pipe: an answer cut off mid-way (the agent or its upstream gone) ends the client's response,
    // and a client that leaves tears the stream to the agent down.
    pipeline(answer, res, () => stream.destroy());
  });
  upstream.on('error', () => {
    stream.destroy();
    sendUpstreamFailed(res, random, target.internalUrl);
  });
  req.pipe(upstream);
}

function forwardedHeaders(
  req: IncomingMessage,
  target: { publicScheme: string; clientIp: string },
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { ...req.headers };
  const append = (name: string, value: string) => {
    const existing = req.headers[name];
    headers[name] = existing ? `${String(existing)}, ${value}` : value;
  };
  append('x-forwarded-for', target.clientIp);
  append('x-forwarded-proto', target.publicScheme);
  headers['x-forwarded-host'] = req.headers['x-forwarded-host'] ?? req.headers.host;
  headers.connection = 'close';
  return headers;
}
