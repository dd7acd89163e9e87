import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProbeRoute } from '../../source/probe/route.js';
import { runStrangerProbes } from '../../source/probe/run.js';

// The probes over TLS, as the real dialer routes them (tls: true, SNI = the public name).
const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((server) => new Promise((done) => server.close(done)))));

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

/** A throwaway self-signed certificate for db.clinic-network.com (test/fixtures/tls/README.md). */
const fixtures = new URL('../fixtures/tls/', import.meta.url);
const certificate = {
  key: readFileSync(new URL('key.pem', fixtures)),
  cert: readFileSync(new URL('cert.pem', fixtures)),
};

const tlsRoute = (port: number): ProbeRoute => ({
  host: '127.0.0.1',
  port,
  tls: true,
  servername: 'db.clinic-network.com',
  notEvaluated: [],
});
const probe = (url: string, route: ProbeRoute) =>
  runStrangerProbes({
    clinic: 'clinic1',
    endpoints: [
      {
        url,
        trafficPolicy: JSON.stringify({
          on_tcp_connect: [{ actions: [{ type: 'restrict-ips', config: { allow: ['203.0.113.0/24'] } }] }],
        }),
      },
    ],
    dialer: async () => route,
    signal: new AbortController().signal,
    bounds: { requestMs: 3000, quietMs: 1000 },
  });

describe('probes over TLS', () => {
  it('a tls endpoint that closes before the handshake refused the stranger', async () => {
    const port = await listen(createTcpServer((socket) => socket.destroy()));
    const { results } = await probe('tls://db.clinic-network.com:443', tlsRoute(port));
    expect(results[0]).toMatchObject({ probe: 'silent-connection', outcome: 'refused' });
  });

  it('a tls endpoint that completes the handshake let the stranger in', async () => {
    const port = await listen(createTlsServer({ ...certificate }, () => {}));
    const { results } = await probe('tls://db.clinic-network.com:443', tlsRoute(port));
    expect(results[0]).toMatchObject({ outcome: 'open', got: 'a TLS handshake completed' });
  });

  it('an https endpoint with a certificate nobody vouches for is not trusted: the probe fails', async () => {
    const port = await listen(createHttpsServer({ ...certificate }, (_req, res) => res.writeHead(200).end()));
    const { results } = await probe('https://db.clinic-network.com', tlsRoute(port));
    expect(results[0]).toMatchObject({ outcome: 'failed', got: 'no answer: DEPTH_ZERO_SELF_SIGNED_CERT' });
  });
});
