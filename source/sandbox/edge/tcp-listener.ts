import { createServer, type Server, type Socket } from 'node:net';
import { type EndpointUrl, endpointAt } from '../emulator/endpoint-url.js';
import type { EmulatorState } from '../emulator/state.js';
import { evaluate, readPolicy } from './evaluate.js';
import type { JwtContext } from './jwt-action.js';
import type { UpstreamOpener } from './upstream.js';

/**
 * A TCP listener for one tcp:// or tls:// cloud endpoint. Each connection runs the endpoint's current
 * on_tcp_connect rules; a refusal, a missing endpoint or a failed forward closes the connection without a byte
 * (https://ngrok.com/docs/traffic-policy/actions/restrict-ips#denied-connection-handling), and a forward pipes
 * the bytes both ways (https://ngrok.com/docs/traffic-policy/actions/forward-internal#behavior). A tls endpoint's
 * bytes pass unopened, as its policy forwards the TLS stream to the internal endpoint.
 */
export function tcpListener(
  state: EmulatorState,
  target: EndpointUrl,
  open: UpstreamOpener,
  jwt: JwtContext,
): Server {
  return createServer((socket) => {
    socket.on('error', () => socket.destroy());
    connect(state, target, open, jwt, socket).catch(() => socket.destroy());
  });
}

async function connect(
  state: EmulatorState,
  target: EndpointUrl,
  open: UpstreamOpener,
  jwt: JwtContext,
  socket: Socket,
): Promise<void> {
  const found = endpointAt(state, target);
  const endpoint = found?.type === 'cloud' ? found : undefined;
  const clientIp = socket.remoteAddress ?? '';
  const verdict = endpoint
    ? evaluate(readPolicy(endpoint.traffic_policy), target.scheme, { clientIp }, jwt)
    : ({ kind: 'close' } as const);
  if (verdict.kind !== 'forward') {
    socket.destroy();
    return;
  }
  socket.pause();
  const upstream = await open(verdict.url, clientIp);
  // The stranger may have gone while the agent dialed back: its 'close' has fired already.
  if (socket.destroyed) {
    upstream.destroy();
    return;
  }
  upstream.on('error', () => socket.destroy());
  socket.on('close', () => upstream.destroy());
  upstream.on('close', () => socket.destroy());
  socket.pipe(upstream).pipe(socket);
  socket.resume();
}
