import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortedError } from '../../source/errors.js';
import { buildPolicy, policyToApiString } from '../../source/policy/build.js';
import type { ProbeRoute } from '../../source/probe/route.js';
import { type PublicEndpoint, runStrangerProbes } from '../../source/probe/run.js';
import { loadAnswersFile } from '../../source/spec/load.js';

const spec = await loadAnswersFile('assets/examples/clinic1.yml');
const policyOf = (name: string) => {
  const service = spec.services.find((one) => one.name === name);
  if (!service) throw new Error(`no service ${name}`);
  return policyToApiString(buildPolicy(spec, service));
};
const apiPolicy = policyOf('rest-api');
const dbPolicy = policyOf('patient-db');
const bounds = { requestMs: 3000, quietMs: 300 };

const servers: (Server | ReturnType<typeof createTcpServer>)[] = [];
const seen: IncomingMessage[] = [];
afterAll(() => Promise.all(servers.map((server) => new Promise((done) => server.close(done)))));

/** An HTTP server answering each request with the status `decide` picks. */
async function httpServer(decide: (req: IncomingMessage) => number): Promise<number> {
  const server = createHttpServer((req, res) => {
    seen.push(req);
    res.writeHead(decide(req)).end();
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

/** A TCP server doing `onConnection` with each socket (close it, hold it, greet). */
async function tcpServer(onConnection: (socket: Socket) => void): Promise<number> {
  const sockets: Socket[] = [];
  const server = createTcpServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onConnection(socket);
  });
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

const route = (port: number, extra: Partial<ProbeRoute> = {}): ProbeRoute => ({
  host: '127.0.0.1',
  port,
  tls: false,
  servername: 'api-clinic1.clinic-network.com',
  notEvaluated: [],
  ...extra,
});

async function probe(endpoint: PublicEndpoint, to: ProbeRoute, credentials = {}) {
  return runStrangerProbes({
    clinic: 'clinic1',
    endpoints: [endpoint],
    dialer: async () => to,
    signal: new AbortController().signal,
    credentials,
    bounds,
  });
}

const api = (trafficPolicy = apiPolicy): PublicEndpoint => ({
  url: 'https://api-clinic1.clinic-network.com',
  name: 'rest-api',
  trafficPolicy,
});
const db: PublicEndpoint = { url: 'tcp://1.tcp.ngrok.io:20001', name: 'patient-db', trafficPolicy: dbPolicy };

describe('https probes against local servers', () => {
  it('an edge refusing every stranger with 401: four refusals, verdict refused, Host is the public name', async () => {
    const port = await httpServer(() => 401);
    const { results, summary } = await probe(api(), route(port));
    expect(results.map((line) => [line.probe, line.outcome])).toEqual([
      ['no-credential', 'refused'],
      ['wrong-header', 'refused'],
      ['malformed-jwt', 'refused'],
      ['expired-jwt', 'refused'],
    ]);
    expect(results[0]?.got).toBe('HTTP 401');
    expect(seen.at(-1)?.headers.host).toBe('api-clinic1.clinic-network.com');
    expect(summary.endpoints).toEqual([
      {
        url: api().url,
        name: 'rest-api',
        verdict: 'refused',
        detail: 'every stranger probe was refused (4)',
      },
    ]);
  });

  it('a header checked only for presence, nothing else: the wrong-header probe is open and says why', async () => {
    const port = await httpServer((req) => (req.headers['example-token'] ? 200 : 401));
    const headerOnly = JSON.stringify({
      on_http_request: [
        {
          expressions: ["!hasReqHeader('Example-Token')"],
          actions: [{ type: 'deny', config: { status_code: 401 } }],
        },
      ],
    });
    const { results, summary } = await probe(api(headerOnly), route(port));
    expect(results.map((line) => line.outcome)).toEqual(['refused', 'open']);
    expect(results[1]?.why).toContain(
      'Example-Token header is only checked for presence: its value is not a secret',
    );
    expect(summary.endpoints[0]?.verdict).toBe('open');
  });

  it('a JWT nobody checks: the malformed and expired tokens are let in', async () => {
    const port = await httpServer((req) => (req.headers['example-token'] ? 200 : 401));
    const { results } = await probe(api(), route(port));
    expect(results.map((line) => line.outcome)).toEqual(['refused', 'open', 'open', 'open']);
    expect(results[3]?.why).toContain('expired JWT');
  });

  it('an endpoint that lets everyone in is open on the first probe', async () => {
    const port = await httpServer(() => 200);
    const { results, summary } = await probe(api(), route(port));
    expect(results[0]).toMatchObject({ probe: 'no-credential', outcome: 'open', got: 'HTTP 200' });
    expect(summary.endpoints[0]?.detail).toContain('no credential at all');
  });

  it('the expired JWT carries the policy issuer and audience and expired in the past', async () => {
    let token = '';
    const port = await httpServer((req) => {
      if (req.headers.authorization?.startsWith('Bearer ey')) token = req.headers.authorization.slice(7);
      return 401;
    });
    await probe(api(), route(port));
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header.alg).toBe('ES256');
    expect(payload).toMatchObject({ iss: 'https://example.com/issuer', aud: 'urn:example:api' });
    expect(payload.exp * 1000).toBeLessThan(Date.now());
  });

  it('a let-in the sandbox cannot judge is not provable; a refusal there is still proven', async () => {
    const port = await httpServer((req) => (req.headers.authorization ? 200 : 401));
    const { results } = await probe(api(), route(port, { notEvaluated: ['jwt-validation'] }));
    expect(results.map((line) => line.outcome)).toEqual([
      'refused',
      'refused',
      'not-provable',
      'not-provable',
    ]);
    expect(results[2]?.why).toBe('not provable in the sandbox: jwt-validation');
  });

  it('the authorised request reaches the clinic with the supplied values, which no line repeats', async () => {
    const port = await httpServer((req) =>
      req.headers['example-token'] === 'hdr-s3cret' && req.headers.authorization === 'Bearer tok-s3cret'
        ? 200
        : 401,
    );
    const credentials = {
      header: { value: 'hdr-s3cret', from: 'hdr.txt' },
      token: { value: 'tok-s3cret', from: 'jwt.txt' },
    };
    const { results } = await probe(api(), route(port), credentials);
    expect(results.at(-1)).toMatchObject({ probe: 'authorised', outcome: 'reached', got: 'HTTP 200' });
    expect(results.at(-1)?.sent).toContain('the header value from hdr.txt');
    expect(JSON.stringify(results)).not.toMatch(/s3cret/);
  });

  it('an authorised request the edge refuses fails the endpoint', async () => {
    const port = await httpServer(() => 401);
    const credentials = { header: { value: 'x', from: 'hdr.txt' }, token: { value: 'y', from: 'jwt.txt' } };
    const { results, summary } = await probe(api(), route(port), credentials);
    expect(results.at(-1)).toMatchObject({ probe: 'authorised', outcome: 'failed' });
    expect(summary.endpoints[0]?.verdict).toBe('failed');
  });
});

describe('tcp probes against local servers', () => {
  it('a connection closed at once with no byte is refused', async () => {
    const port = await tcpServer((socket) => socket.destroy());
    const { results, summary } = await probe(db, route(port));
    expect(results[0]).toMatchObject({ probe: 'silent-connection', outcome: 'refused' });
    expect(summary.endpoints[0]?.verdict).toBe('refused');
  });

  it('a connection held open is open, and names the allow list the laptop may be in', async () => {
    const port = await tcpServer(() => {});
    const { results } = await probe(db, route(port));
    expect(results[0]).toMatchObject({ outcome: 'open' });
    expect(results[0]?.why).toContain('203.0.113.0/24');
  });

  it('a server that greets first lets the stranger in', async () => {
    const port = await tcpServer((socket) => socket.write('hello'));
    const { results } = await probe(db, route(port));
    expect(results[0]).toMatchObject({ outcome: 'open', got: 'data arrived' });
  });

  it('from an address inside allow_ips a let-in proves nothing', async () => {
    const port = await tcpServer(() => {});
    const { results, summary } = await probe(db, route(port, { sourceAddress: '203.0.113.9' }));
    expect(results[0]?.outcome).toBe('not-provable');
    expect(summary.endpoints[0]?.detail).toContain('this laptop (203.0.113.9) is inside allow_ips');
  });
});

describe('bounds', () => {
  it('never dials a URL that is an IP literal, localhost or internal', async () => {
    let dialed = 0;
    const { results } = await runStrangerProbes({
      clinic: 'clinic1',
      endpoints: [
        { url: 'https://127.0.0.1' },
        { url: 'https://localhost:8080' },
        { url: 'tls://db.clinic1.internal:443' },
      ],
      dialer: async () => {
        dialed += 1;
        return route(1);
      },
      signal: new AbortController().signal,
    });
    expect(dialed).toBe(0);
    expect(results.map((line) => line.outcome)).toEqual(['failed', 'failed', 'failed']);
  });

  it('a URL without a route is a failed line', async () => {
    const { results } = await runStrangerProbes({
      clinic: 'clinic1',
      endpoints: [api()],
      dialer: async () => {
        throw new Error('getaddrinfo ENOTFOUND');
      },
      signal: new AbortController().signal,
    });
    expect(results).toEqual([
      expect.objectContaining({ outcome: 'failed', got: 'no route: getaddrinfo ENOTFOUND' }),
    ]);
  });

  it('probes at most 20 endpoints', async () => {
    const port = await httpServer(() => 403);
    const many = Array.from({ length: 21 }, (_, i) => ({
      url: `https://e${i}.clinic-network.com`,
      trafficPolicy: '{"on_http_request":[{"actions":[{"type":"deny"}]}]}',
    }));
    const { summary } = await runStrangerProbes({
      clinic: 'clinic1',
      endpoints: many,
      dialer: async () => route(port),
      signal: new AbortController().signal,
    });
    expect(summary.endpoints.slice(0, 20).every((one) => one.verdict === 'refused')).toBe(true);
    expect(summary.endpoints[20]).toMatchObject({
      verdict: 'failed',
      detail: expect.stringContaining('at most 20'),
    });
  });

  it('Ctrl+C during a held-open connection stops the run at once', async () => {
    const port = await tcpServer(() => {});
    const controller = new AbortController();
    const run = runStrangerProbes({
      clinic: 'clinic1',
      endpoints: [db],
      dialer: async () => route(port),
      signal: controller.signal,
      bounds: { requestMs: 60_000, quietMs: 60_000 },
    });
    setTimeout(() => controller.abort(), 50);
    await expect(run).rejects.toBeInstanceOf(AbortedError);
  });

  it('an aborted run rejects', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runStrangerProbes({
        clinic: 'clinic1',
        endpoints: [api()],
        dialer: async () => route(1),
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(AbortedError);
  });
});
