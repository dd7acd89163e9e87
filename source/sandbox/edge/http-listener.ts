import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EmulatorState } from '../emulator/state.js';
import type { StoredObject } from '../emulator/store.js';
import { sendEdgeError, sendOffline } from './answers.js';
import { evaluate, readPolicy } from './evaluate.js';
import { forwardRequest } from './forward-http.js';
import type { JwtContext } from './jwt-action.js';
import type { UpstreamOpener } from './upstream.js';

/**
 * The one plain-HTTP listener for every http and https cloud endpoint, routed by the Host header. The endpoint
 * and its policy are looked up at each request, so a policy update applies to the next one. Without TLS there is
 * no SNI, so on_tcp_connect runs with each request rather than before the first.
 */
export function httpListener(state: EmulatorState, open: UpstreamOpener, jwt: JwtContext): Server {
  const server = createServer((req, res) => {
    handle(state, open, jwt, req, res).catch(() => {
      if (!res.headersSent) sendEdgeError(res, 500, 'ERR_NGROK_3210', 'Error forwarding the connection.');
    });
  });
  server.requestTimeout = 0;
  return server;
}

async function handle(
  state: EmulatorState,
  open: UpstreamOpener,
  jwt: JwtContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const clientIp = req.socket.remoteAddress ?? '';
  const endpoint = endpointForHost(state, String(req.headers.host ?? ''));
  if (!endpoint) {
    sendOffline(res, state.random, `http(s)://${String(req.headers.host ?? '')}`);
    return;
  }
  const scheme = String(endpoint.scheme);
  const verdict = evaluate(
    readPolicy(endpoint.traffic_policy),
    scheme,
    { clientIp, headers: req.headers },
    jwt,
  );
  switch (verdict.kind) {
    case 'forward':
      await forwardRequest(
        req,
        res,
        { internalUrl: verdict.url, publicScheme: scheme, clientIp },
        open,
        state.random,
      );
      return;
    case 'refuse':
      res.writeHead(verdict.status, verdict.errorCode ? { 'ngrok-error-code': verdict.errorCode } : {});
      res.end();
      return;
    case 'close':
      req.socket.destroy();
      return;
    case 'none':
      // Every cloud endpoint policy must end with a terminating action
      // (https://ngrok.com/docs/traffic-policy/how-it-works#non-terminating-actions); the docs do not say what a
      // client gets when none ran, so the edge answers as for an endpoint with nothing behind it.
      sendOffline(res, state.random, String(endpoint.url));
      return;
  }
}

/**
 * The http(s) cloud endpoint whose host is the Host header's; a port in the header picks among endpoints on that
 * host, otherwise https is preferred.
 */
function endpointForHost(state: EmulatorState, hostHeader: string): StoredObject | undefined {
  const [, host = '', port] = /^([^:]+)(?::(\d+))?$/.exec(hostHeader.toLowerCase()) ?? [];
  const candidates = state.endpoints
    .all()
    .filter(
      (endpoint) =>
        endpoint.type === 'cloud' &&
        (endpoint.scheme === 'http' || endpoint.scheme === 'https') &&
        endpoint.host === host &&
        (port === undefined || String(endpoint.port) === port),
    );
  return candidates.find((endpoint) => endpoint.scheme === 'https') ?? candidates[0];
}
