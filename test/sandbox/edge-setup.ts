import { createServer as createHttpServer, request } from 'node:http';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { buildPolicy, policyToApiString } from '../../source/policy/build.js';
import type { EdgeRoute } from '../../source/sandbox/edge/edge.js';
import { AgentStreamError } from '../../source/sandbox/emulator/agent-proxy.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { oneServiceSpec } from '../helpers/one-service.js';

/** Internal URLs the fake opener treats as having no online agent. */
export const offlineInternal = 'https://gone.c1.internal:443';

/** An internal URL whose agent takes the stream but whose upstream refuses it at once. */
export const brokenInternal = 'https://broken.c1.internal:443';

/** One stream the edge opened toward an internal endpoint. */
export interface Opened {
  url: string;
  clientAddress: string;
}

/**
 * An emulator whose edge reaches fake upstreams: an HTTP server answering with the request it received as JSON
 * (for http/https internal URLs) and a TCP echo server (tcp/tls). Every stream the edge opens is recorded.
 * `*.clinic-network.com` is reserved, so cloud endpoints can be created there.
 */
export async function edgeFixture(options: { random?: () => number } = {}) {
  const opened: Opened[] = [];
  const web = createHttpServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'ngrok-error-code': 'ERR_FROM_UPSTREAM' });
    res.end(JSON.stringify({ method: req.method, path: req.url, headers: req.headers }));
  });
  const echo = createServer((socket) => socket.pipe(socket));
  const refusing = createServer((socket) => socket.destroy());
  const webPort = await listen(web);
  const echoPort = await listen(echo);
  const refusingPort = await listen(refusing);
  const openUpstream = async (url: string, clientAddress: string): Promise<Duplex> => {
    opened.push({ url, clientAddress });
    if (url === offlineInternal) throw new AgentStreamError(`no online agent serves ${url}`);
    const port = url === brokenInternal ? refusingPort : url.startsWith('http') ? webPort : echoPort;
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    return socket;
  };
  const emulator = await startEmulator({ rateLimit: 0, openUpstream, random: options.random });
  await api(emulator, 'POST', '/reserved_domains', { domain: '*.clinic-network.com' });
  return {
    emulator,
    opened,
    api: (method: string, path: string, body?: unknown) => api(emulator, method, path, body),
    /** A newly reserved TCP address as a tcp:// URL. */
    async tcpUrl(): Promise<string> {
      return `tcp://${(await api(emulator, 'POST', '/reserved_addrs', {})).body.addr}`;
    },
    /** Creates a cloud endpoint at `url` (under *.clinic-network.com or a reserved address) with `policy`. */
    async cloudEndpoint(url: string, policy: string): Promise<{ id: string; url: string }> {
      const created = await api(emulator, 'POST', '/endpoints', {
        type: 'cloud',
        url,
        traffic_policy: policy,
      });
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      return created.body;
    },
    async close() {
      await emulator.close();
      web.closeAllConnections();
      await Promise.all([web, echo, refusing].map((server) => close(server)));
    },
  };
}

/** A raw API call with any key (the emulator accepts every key until one is issued). */
export async function api(emulator: Emulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: 'Bearer key_1', 'ngrok-version': '2', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** The Traffic Policy the product builds for one public service of clinic c1. */
export function productPolicy(service: Record<string, unknown>): string {
  const { spec, service: built } = oneServiceSpec(service);
  return policyToApiString(buildPolicy(spec, built));
}

/** One HTTP request to the edge, with the Host header of the public URL. */
export function edgeRequest(
  route: EdgeRoute,
  headers: Record<string, string> = {},
  path = '/records',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: route.host,
        port: route.port,
        path,
        headers: { host: route.servername, ...headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Connects to a TCP route, writes `text`, and collects every byte until the edge or upstream closes. */
export function tcpExchange(route: EdgeRoute, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = connect(route.port, route.host);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.length >= text.length) socket.end();
    });
    socket.on('connect', () => socket.write(text));
    socket.on('error', () => resolve(received));
    socket.on('close', () => resolve(received));
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
