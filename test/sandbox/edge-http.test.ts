import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeRoute } from '../../source/sandbox/edge/edge.js';
import { brokenInternal, edgeFixture, edgeRequest, offlineInternal, productPolicy } from './edge-setup.js';

type Fixture = Awaited<ReturnType<typeof edgeFixture>>;
let fixture: Fixture;
beforeAll(async () => {
  fixture = await edgeFixture();
});
afterAll(() => fixture.close());

async function routeTo(url: string, policy: string): Promise<EdgeRoute> {
  await fixture.cloudEndpoint(url, policy);
  const route = await fixture.emulator.edge.resolve(url);
  if (!route) throw new Error(`no route to ${url}`);
  return route;
}

const forwardTo = (url: string) => ({ actions: [{ type: 'forward-internal', config: { url } }] });

describe('the product https policy: header, JWT, allowed addresses', () => {
  const issuer = 'https://id.clinic1.example/';
  const audience = 'records-api';
  let route: EdgeRoute;
  const json = { 'content-type': 'application/json' };
  const token = (options: Partial<Parameters<Fixture['emulator']['edge']['mintToken']>[0]> = {}) =>
    `Bearer ${fixture.emulator.edge.mintToken({ issuer, audience, ...options })}`;
  const refused = async (headers: Record<string, string>) => {
    const before = fixture.opened.length;
    const answer = await edgeRequest(route, { ...json, 'X-Clinic-Key': 'k', ...headers });
    expect(fixture.opened.length).toBe(before);
    return answer.status;
  };

  beforeAll(async () => {
    route = await routeTo(
      'https://api-c1.clinic-network.com',
      productPolicy({
        name: 'api',
        internal_url: 'https://api.c1.internal',
        upstream: 8080,
        public: {
          url: 'https://api-c1.clinic-network.com',
          min_tls: '1.2',
          allow_ips: ['127.0.0.1/32'],
          require_header: 'x-clinic-key',
          jwt: { issuer, audience, jwks_url: 'https://id.clinic1.example/jwks', algorithms: ['RS256'] },
        },
      }),
    );
  });

  it('answers 401 to a request without the required header, before the upstream', async () => {
    const before = fixture.opened.length;
    const answer = await edgeRequest(route, { ...json, authorization: token() });
    expect(answer.status).toBe(401);
    expect(answer.body).toBe('');
    expect(fixture.opened.length).toBe(before);
  });

  it('answers 401 to a request with the header but no token', async () => {
    expect(await refused({})).toBe(401);
  });

  it.each([
    ['expired', () => token({ expiresInSeconds: -60 })],
    ['from another issuer', () => token({ issuer: 'https://evil.example/' })],
    ['for another audience', () => token({ audience: 'billing' })],
    ['signed with a disallowed algorithm', () => token({ algorithm: 'ES256' })],
    ['forged (payload changed after signing)', () => forged(token())],
    ['malformed', () => 'Bearer not-a-jwt'],
    ['without the Bearer prefix', () => token().replace('Bearer ', 'Token ')],
  ])('refuses a token %s', async (_, make) => {
    expect([401, 403]).toContain(await refused({ authorization: make() }));
  });

  it('forwards a valid token with the header to the internal endpoint, adding the forwarding headers', async () => {
    const answer = await edgeRequest(route, {
      ...json,
      'X-Clinic-Key': 'k',
      authorization: token(),
      'X-Forwarded-For': '198.51.100.7',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['ngrok-error-code']).toBeUndefined();
    const seen = JSON.parse(answer.body) as { path: string; headers: Record<string, string> };
    expect(seen.path).toBe('/records');
    expect(seen.headers['x-forwarded-for']).toBe('198.51.100.7, 127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('https');
    expect(seen.headers['x-forwarded-host']).toBe('api-c1.clinic-network.com');
    expect(seen.headers.host).toBe('api-c1.clinic-network.com');
    expect(fixture.opened.at(-1)).toEqual({ url: 'https://api.c1.internal:443', clientAddress: '127.0.0.1' });
  });

  it('reports terminate-tls as not evaluated: the edge speaks plain HTTP', () => {
    expect(route.notEvaluated).toEqual(['terminate-tls (min TLS version)']);
  });
});

/** The token with its payload's `sub` changed and the original signature kept. */
function forged(bearer: string): string {
  const [header, payload, signature] = bearer.replace('Bearer ', '').split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
  const changed = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url');
  return `Bearer ${header}.${changed}.${signature}`;
}

describe('restrict-ips and deny in the HTTP phase', () => {
  it('answers 403 with ERR_NGROK_3205 to an address outside the list, whatever X-Forwarded-For says', async () => {
    const route = await routeTo(
      'https://xray-c1.clinic-network.com',
      productPolicy({
        name: 'xray',
        internal_url: 'https://xray.c1.internal',
        upstream: 8080,
        public: { url: 'https://xray-c1.clinic-network.com', allow_ips: ['203.0.113.0/24'] },
      }),
    );
    const before = fixture.opened.length;
    const answer = await edgeRequest(route, { 'X-Forwarded-For': '203.0.113.5' });
    expect(answer.status).toBe(403);
    expect(answer.headers['ngrok-error-code']).toBe('ERR_NGROK_3205');
    expect(fixture.opened.length).toBe(before);
  });

  it('deny answers 403 with no body when no status_code is configured', async () => {
    const route = await routeTo(
      'https://closed-c1.clinic-network.com',
      JSON.stringify({ on_http_request: [{ actions: [{ type: 'deny' }] }] }),
    );
    const answer = await edgeRequest(route);
    expect(answer.status).toBe(403);
    expect(answer.body).toBe('');
  });

  it('a deny behind an expression the edge does not evaluate lets traffic in and is reported', async () => {
    const expression = "req.url.path == '/records'";
    const route = await routeTo(
      'https://loose-c1.clinic-network.com',
      JSON.stringify({
        on_http_request: [
          { expressions: [expression], actions: [{ type: 'deny' }] },
          { actions: [{ type: 'add-headers', config: { headers: { a: 'b' } } }] },
          forwardTo('https://loose.c1.internal:443'),
        ],
      }),
    );
    expect(route.notEvaluated).toEqual([`expression: ${expression}`, 'add-headers']);
    expect((await edgeRequest(route)).status).toBe(200);
  });
});

describe('offline answers and upstream failures', () => {
  it('answers ERR_NGROK_3200 for a host with no cloud endpoint', async () => {
    const route = await routeTo(
      'https://up-c1.clinic-network.com',
      JSON.stringify({ on_http_request: [forwardTo('https://up.c1.internal:443')] }),
    );
    const answer = await edgeRequest({ ...route, servername: 'nobody.clinic-network.com' });
    expect([404, 503]).toContain(answer.status);
    expect(answer.headers['ngrok-error-code']).toBe('ERR_NGROK_3200');
  });

  it('answers ERR_NGROK_3200 when the forward target has no online agent', async () => {
    const route = await routeTo(
      'https://gone-c1.clinic-network.com',
      JSON.stringify({ on_http_request: [forwardTo(offlineInternal)] }),
    );
    const answer = await edgeRequest(route);
    expect(answer.headers['ngrok-error-code']).toBe('ERR_NGROK_3200');
    expect(answer.body).toContain(offlineInternal);
  });

  it('answers ERR_NGROK_8012 when the agent cannot reach its upstream', async () => {
    const route = await routeTo(
      'https://broken-c1.clinic-network.com',
      JSON.stringify({ on_http_request: [forwardTo(brokenInternal)] }),
    );
    const answer = await edgeRequest(route);
    expect([502, 504]).toContain(answer.status);
    expect(answer.headers['ngrok-error-code']).toBe('ERR_NGROK_8012');
  });
});

describe('policy updates', () => {
  it('a policy changed through the API applies to the next request', async () => {
    const url = 'https://moving-c1.clinic-network.com';
    const created = await fixture.cloudEndpoint(
      url,
      JSON.stringify({ on_http_request: [forwardTo('https://moving.c1.internal:443')] }),
    );
    const route = await fixture.emulator.edge.resolve(url);
    if (!route) throw new Error('no route');
    expect((await edgeRequest(route)).status).toBe(200);
    const patched = await fixture.api('PATCH', `/endpoints/${created.id}`, {
      traffic_policy: JSON.stringify({
        on_http_request: [{ actions: [{ type: 'deny', config: { status_code: 401 } }] }],
      }),
    });
    expect(patched.status).toBe(200);
    expect((await edgeRequest(route)).status).toBe(401);
  });
});

describe('a header token without a JSON or form Content-Type', () => {
  // The jwt-validation page asks for one of those Content-Types with a header token but does not say what happens
  // without it; each edge decides once, from the emulator's randomness.
  const issuer = 'https://id.example/';
  const policy = JSON.stringify({
    on_http_request: [
      {
        actions: [
          {
            type: 'jwt-validation',
            config: {
              issuer: { allow_list: [{ value: issuer }] },
              http: { tokens: [{ type: 'jwt', method: 'header', name: 'Authorization', prefix: 'Bearer ' }] },
              jws: {
                allowed_algorithms: ['ES256'],
                keys: { sources: { additional_jkus: ['https://id.example/jwks'] } },
              },
            },
          },
        ],
      },
      forwardTo('https://labs.c1.internal:443'),
    ],
  });

  it.each([
    ['refused by an edge that requires it', 0, 401],
    ['let through by an edge that does not', 0.99, 200],
  ])('is %s', async (_, draw, status) => {
    const own = await edgeFixture({ random: () => draw });
    try {
      const url = 'https://labs-c1.clinic-network.com';
      await own.cloudEndpoint(url, policy);
      const route = await own.emulator.edge.resolve(url);
      if (!route) throw new Error('no route');
      const authorization = `Bearer ${own.emulator.edge.mintToken({ issuer, algorithm: 'ES256' })}`;
      expect((await edgeRequest(route, { authorization })).status).toBe(status);
      const withType = await edgeRequest(route, { authorization, 'content-type': 'application/json' });
      expect(withType.status).toBe(200);
    } finally {
      await own.close();
    }
  });
});
