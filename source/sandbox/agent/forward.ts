import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { SimConfig } from './config.js';
import type { SimEnv } from './env.js';
import type { Logger } from './log.js';

/** A connection the ngrok service hands the agent for one of its endpoints (`{"type":"connect",…}`). */
export interface ConnectMessage {
  id: string;
  url: string;
  client_addr?: string;
}

interface Address {
  host: string;
  port: number;
  tls: boolean;
}

const defaultPorts: Record<string, number> = { http: 80, https: 443, tls: 443 };

/**
 * Carries one connection to its upstream, as the agent forwards traffic "from endpoints it creates on the ngrok
 * cloud service to your upstream application services" (https://ngrok.com/docs/agent/): dials the upstream of the
 * endpoint at `message.url`, dials back to the ngrok service for the connection's stream, and joins the two until
 * either closes. An upstream that cannot be dialed still gets its dial-back, closed at once, so the service can
 * answer ERR_NGROK_8012 (https://ngrok.com/docs/errors/err_ngrok_8012).
 */
export async function forwardConnection(
  message: ConnectMessage,
  config: SimConfig,
  env: SimEnv,
  log: Logger,
): Promise<void> {
  const endpoint = config.endpoints.find((e) => endpointIdentity(e.url) === endpointIdentity(message.url));
  const target = endpoint && upstreamAddress(endpoint, env);
  const privaddr = target ? `${target.host}:${target.port}` : '';
  const upstream = target
    ? await dial(target).catch((error: Error) => error)
    : new Error(`no endpoint ${message.url} in the config`);
  let stream: Duplex;
  try {
    stream = await dialBack(env.connectUrl, message.id, config.authtoken);
  } catch (error) {
    log('warn', 'failed to accept connection', { id: message.id, err: (error as Error).message });
    if (!(upstream instanceof Error)) upstream.destroy();
    return;
  }
  if (upstream instanceof Error) {
    // A refused dial to a name with two addresses (localhost) fails with an AggregateError whose message is empty.
    const err = upstream.message || String((upstream as NodeJS.ErrnoException).code);
    log('warn', 'failed to open private leg', { id: message.id, privaddr, err });
    stream.destroy();
    return;
  }
  log('info', 'join connections', {
    obj: 'join',
    id: message.id,
    l: privaddr,
    r: message.client_addr ?? '',
  });
  join(stream, upstream);
}

// Each side's end is passed on (a half-close stays a half-close); when either side is gone, so is the other.
function join(a: Duplex, b: Duplex): void {
  a.pipe(b);
  b.pipe(a);
  for (const [side, other] of [
    [a, b],
    [b, a],
  ] as const) {
    side.on('error', () => side.destroy());
    side.on('close', () => other.end(() => other.destroy()));
  }
}

/** scheme://host:port, lower-cased and with the scheme's default port, however the URL was spelled. */
function endpointIdentity(url: string): string {
  const parsed = new URL(url.includes('://') ? url : `https://${url}`);
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  const port = parsed.port === '' ? (defaultPorts[scheme] ?? 0) : Number(parsed.port);
  return `${scheme}://${parsed.hostname.toLowerCase()}:${port}`;
}

// The sandbox's stand-in for the kind of service (NGROK_SIM_UPSTREAMS), else the upstream ngrok.yml names.
function upstreamAddress(endpoint: SimConfig['endpoints'][number], env: SimEnv): Address {
  const kind = /^https?:/i.test(endpoint.url) || !endpoint.url.includes('://') ? 'http' : 'tcp';
  const standIn = env.upstreams?.[kind];
  const url = new URL(standIn ? `tcp://${standIn}` : endpoint.upstreamUrl);
  const scheme = url.protocol.replace(/:$/, '');
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (defaultPorts[scheme] ?? 80) : Number(url.port),
    tls: scheme === 'https' || scheme === 'tls',
  };
}

/** Resolves once the socket is connected (and, for TLS, its handshake done). */
function dial(target: Address): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = openSocket(target);
    socket.once('error', reject);
    socket.once(target.tls ? 'secureConnect' : 'connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

// Every socket carries a half-close like any TCP connection (Node's default would end both directions at once).
// The agent verifies the ngrok service's certificate (https://ngrok.com/docs/agent/#tls-verification), an
// upstream's only when told to (--upstream-tls-verify, https://ngrok.com/docs/agent/changelog).
function openSocket(target: Address, verify = false) {
  const options = { host: target.host, port: target.port, allowHalfOpen: true };
  return target.tls
    ? tlsConnect({ ...options, servername: target.host, rejectUnauthorized: verify })
    : netConnect(options);
}

/** `GET /_sandbox/agent/proxy/<id>` upgraded to the connection's stream, authenticated with the agent's authtoken. */
function dialBack(connectUrl: string, id: string, authtoken: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const target = new URL(`${connectUrl}/_sandbox/agent/proxy/${id}`);
    const secure = target.protocol === 'https:';
    const address = {
      host: target.hostname,
      port: target.port === '' ? (secure ? 443 : 80) : Number(target.port),
      tls: secure,
    };
    const request = (secure ? httpsRequest : httpRequest)(target, {
      headers: { connection: 'Upgrade', upgrade: 'ngrok-sim-proxy', authorization: `Bearer ${authtoken}` },
      createConnection: () => openSocket(address, true),
    });
    request.on('upgrade', (_response, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    request.on('response', (response) => {
      response.resume();
      reject(new Error(`the ngrok service answered ${response.statusCode}`));
    });
    request.on('error', reject);
    request.end();
  });
}
