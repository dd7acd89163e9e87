import type { AddressInfo, Server, Socket } from 'node:net';
import { type EndpointUrl, endpointAt, parseEndpointUrl } from '../emulator/endpoint-url.js';
import { type EmulatorState, endpointKey } from '../emulator/state.js';
import { oneOf } from './answers.js';
import { readPolicy } from './evaluate.js';
import { httpListener } from './http-listener.js';
import { type MintOptions, SandboxKeys } from './jwt.js';
import type { JwtContext } from './jwt-action.js';
import { notEvaluated } from './not-evaluated.js';
import { tcpListener } from './tcp-listener.js';
import type { UpstreamOpener } from './upstream.js';

export type { UpstreamOpener } from './upstream.js';

/** Where a client connects to reach a public cloud endpoint through the sandbox edge. */
export interface EdgeRoute {
  host: '127.0.0.1';
  port: number;
  /** The edge speaks plain text; TLS (and terminate-tls) is not simulated. */
  tls: false;
  /** The public URL's host: the Host header (http/https) a client must send. */
  servername: string;
  /** The address the edge sees as the client's (`conn.client_ip`). */
  sourceAddress: '127.0.0.1';
  /** Parts of the endpoint's Traffic Policy the edge skips. */
  notEvaluated: string[];
}

/** The sandbox's public side of cloud endpoints. */
export interface Edge {
  /** The route to the cloud endpoint at `publicUrl`, or undefined when no cloud endpoint has that URL. */
  resolve(publicUrl: string): Promise<EdgeRoute | undefined>;
  /** A JWT signed with the sandbox key that every jwt-validation JWKS URL stands for. */
  mintToken(options: MintOptions): string;
  close(): Promise<void>;
}

/** Starts the edge: one HTTP listener now, a TCP listener per tcp/tls endpoint URL when first resolved. */
export async function startEdge(options: {
  state: EmulatorState;
  openUpstream: UpstreamOpener;
}): Promise<Edge> {
  const { state, openUpstream } = options;
  const keys = new SandboxKeys(state.clock);
  let needsContentType: boolean | undefined;
  const jwt: JwtContext = {
    keys,
    random: state.random,
    headerTokenNeedsContentType: () => {
      needsContentType ??= oneOf(state.random, [true, false]);
      return needsContentType;
    },
  };
  const http = httpListener(state, openUpstream, jwt);
  const httpPort = await listen(http);
  const tcp = new Map<string, Promise<{ server: Server; port: number }>>();

  const tcpPort = async (target: EndpointUrl): Promise<number> => {
    const key = endpointKey({ ...target });
    let opened = tcp.get(key);
    if (!opened) {
      const server = tcpListener(state, target, openUpstream, jwt);
      opened = listen(server).then((port) => ({ server, port }));
      tcp.set(key, opened);
      // A listener that could not open is forgotten, so the next resolve tries again and close() skips it.
      opened.catch(() => tcp.delete(key));
    }
    return (await opened).port;
  };

  return {
    async resolve(publicUrl) {
      const target = parsed(publicUrl);
      const endpoint = target && endpointAt(state, target);
      if (!target || endpoint?.type !== 'cloud') return undefined;
      const port = target.scheme.startsWith('http') ? httpPort : await tcpPort(target);
      return {
        host: '127.0.0.1',
        port,
        tls: false,
        servername: target.host,
        sourceAddress: '127.0.0.1',
        notEvaluated: notEvaluated(readPolicy(endpoint.traffic_policy), target.scheme),
      };
    },
    mintToken: (mint) => keys.mint(mint),
    async close() {
      const opened = await Promise.allSettled(tcp.values());
      const servers = [
        http,
        ...opened.flatMap((entry) => (entry.status === 'fulfilled' ? [entry.value.server] : [])),
      ];
      await Promise.all(servers.map(closeServer));
    },
  };
}

/** The URL parsed as the API does; the spelling pick is irrelevant here, so it draws no randomness. */
function parsed(url: string): EndpointUrl | undefined {
  try {
    return parseEndpointUrl(url, () => 0);
  } catch {
    return undefined;
  }
}

/** Open connections per server, so close() ends agent-length streams instead of waiting for them. */
const connections = new WeakMap<Server, Set<Socket>>();

async function listen(server: Server): Promise<number> {
  const open = new Set<Socket>();
  connections.set(server, open);
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function closeServer(server: Server): Promise<void> {
  for (const socket of connections.get(server) ?? []) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
