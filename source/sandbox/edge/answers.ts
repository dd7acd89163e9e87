import type { ServerResponse } from 'node:http';

/** Picks one of several answers ngrok's docs leave open, so a client cannot come to depend on one of them. */
export function oneOf<T>(random: () => number, answers: readonly [T, ...T[]]): T {
  return answers[Math.min(answers.length - 1, Math.floor(random() * answers.length))] ?? answers[0];
}

/**
 * Writes an edge error: ngrok sets the `ngrok-error-code` header on every request it fails to handle
 * (https://ngrok.com/docs/endpoints/cloud-endpoints/http#errors); the body names the code and its message.
 */
export function sendEdgeError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'ngrok-error-code': code });
  res.end(`${code}: ${message}\n`);
}

/**
 * ERR_NGROK_3200 "The endpoint is offline" (https://ngrok.com/docs/errors/err_ngrok_3200): no cloud endpoint has
 * the host, or its forward target has no online agent. The page gives no status code, so it varies between the
 * two a browser would plausibly see.
 */
export function sendOffline(res: ServerResponse, random: () => number, endpointUrl: string): void {
  sendEdgeError(res, oneOf(random, [404, 503]), 'ERR_NGROK_3200', `The endpoint ${endpointUrl} is offline.`);
}

/**
 * ERR_NGROK_8012: the agent took the connection but could not reach its upstream
 * (https://ngrok.com/docs/errors/err_ngrok_8012). The page gives no status code, so it varies between 502 and 504.
 */
export function sendUpstreamFailed(res: ServerResponse, random: () => number, upstream: string): void {
  sendEdgeError(
    res,
    oneOf(random, [502, 504]),
    'ERR_NGROK_8012',
    `Traffic successfully made it to the ngrok agent, but the agent failed to establish a connection to the upstream web service at ${upstream}.`,
  );
}
