import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parseEndpointUrl } from './endpoint-url.js';
import { EmulatorApiError } from './http.js';
import { type EmulatorState, endpointKey } from './state.js';

/** How long an open waits for the agent to dial back. */
const dialBackTimeoutMs = 10_000;
const proxyPath = /^\/_sandbox\/agent\/proxy\/([A-Za-z0-9_-]+)$/;
/** The Upgrade token of the agent's dial-back (not an ngrok protocol: the sandbox's stand-in for its muxed streams). */
export const proxyUpgrade = 'ngrok-sim-proxy';

/**
 * Opens one byte stream to the upstream behind the online agent endpoint `internalUrl` (e.g.
 * https://rest-api.clinic1.internal:443), through the session of the agent serving it, as ngrok's cloud endpoint
 * hands a connection to the agent (https://ngrok.com/docs/traffic-policy/actions/forward-internal): the agent
 * receives connections "intended for your upstream services" over the connection it holds to ngrok
 * (https://ngrok.com/docs/agent/#connectivity). Here the session's channel carries
 * `{"type":"connect","id","url","client_addr"}` and the agent dials back to `GET /_sandbox/agent/proxy/<id>`
 * (Upgrade: ngrok-sim-proxy), whose socket is the stream. `clientAddress` is the stranger's address as the edge saw
 * it. Rejects with AgentStreamError when no online agent serves the URL, its agent does not dial back in time, or
 * its session ends first.
 */
export async function openAgentStream(
  state: EmulatorState,
  internalUrl: string,
  clientAddress: string,
): Promise<Duplex> {
  const endpoint = pickOnlineEndpoint(state, internalUrl);
  const sessionId = (endpoint.tunnel_session as { id: string }).id;
  const session = state.tunnelSessions.get(sessionId);
  const id = randomBytes(16).toString('base64url');
  return new Promise<Duplex>((resolve, reject) => {
    const timer = setTimeout(() => {
      state.agentStreams.delete(id);
      reject(new AgentStreamError(`the agent serving ${internalUrl} did not answer in time`));
    }, dialBackTimeoutMs);
    state.agentStreams.set(id, {
      sessionId,
      credentialId: (session.credential as { id: string }).id,
      settle: (result) => {
        clearTimeout(timer);
        if (result instanceof Error) reject(result);
        else resolve(result);
      },
    });
    state.channels
      .get(sessionId)
      ?.send({ type: 'connect', id, url: endpoint.url, client_addr: clientAddress });
  });
}

/** No online agent endpoint at that URL, or its agent did not answer. */
export class AgentStreamError extends Error {}

// Endpoints at the URL (however spelled) whose agent holds an open session; pooled ones share traffic at random
// (https://ngrok.com/docs/endpoints/endpoint-pooling).
function pickOnlineEndpoint(state: EmulatorState, internalUrl: string) {
  let key: string;
  try {
    // The spelling a parse may pick is irrelevant to the key, so it draws none of the emulator's seeded randomness.
    key = endpointKey({ ...parseEndpointUrl(internalUrl, () => 0) });
  } catch (error) {
    if (error instanceof EmulatorApiError) throw new AgentStreamError(`not an endpoint URL: ${internalUrl}`);
    throw error;
  }
  const online = state.endpoints.withKey(key).filter((endpoint) => {
    const sessionId = (endpoint.tunnel_session as { id?: string } | null)?.id;
    return sessionId !== undefined && state.channels.has(sessionId);
  });
  const endpoint = online[Math.floor(state.random() * online.length)];
  if (!endpoint) throw new AgentStreamError(`no online agent serves ${internalUrl}`);
  return endpoint;
}

/**
 * The agent's dial-back (`GET /_sandbox/agent/proxy/<id>`, `Upgrade: ngrok-sim-proxy`, its authtoken as Bearer):
 * 404 for an unknown or expired id, 403 unless the token is the credential of the session the id was sent to,
 * else 101 and the socket becomes the stream the open was waiting for. Any other upgrade is refused.
 */
export function handleAgentDialBack(
  state: EmulatorState,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): void {
  // A peer that resets the connection must not take the emulator down; whoever holds the stream sees it close.
  socket.on('error', () => {});
  const id = proxyPath.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)?.[1];
  const stream = id === undefined ? undefined : state.agentStreams.get(id);
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (id === undefined || !stream || stream.socket) refuse(socket, 404, 'Not Found');
  else if (String(req.headers.upgrade).toLowerCase() !== proxyUpgrade) refuse(socket, 400, 'Bad Request');
  else if (!token || state.authtokens.get(token) !== stream.credentialId) refuse(socket, 403, 'Forbidden');
  else {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: ${proxyUpgrade}\r\n\r\n`,
    );
    if (head.length > 0) socket.unshift(head);
    stream.socket = socket;
    socket.on('close', () => state.agentStreams.delete(id));
    stream.settle(socket);
  }
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * A session ended: its pending opens reject and its open streams close, as connections carried over an agent's
 * session end with it.
 */
export function endAgentStreams(state: EmulatorState, sessionId: string): void {
  for (const [id, stream] of state.agentStreams) {
    if (stream.sessionId !== sessionId) continue;
    state.agentStreams.delete(id);
    if (stream.socket) stream.socket.destroy();
    else stream.settle(new AgentStreamError('the agent session ended before the agent answered'));
  }
}
