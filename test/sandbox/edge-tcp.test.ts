import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EdgeRoute } from '../../source/sandbox/edge/edge.js';
import { edgeFixture, productPolicy, tcpExchange } from './edge-setup.js';

let fixture: Awaited<ReturnType<typeof edgeFixture>>;
beforeAll(async () => {
  fixture = await edgeFixture();
});
afterAll(() => fixture.close());

async function tcpRoute(policy: string): Promise<{ url: string; route: EdgeRoute }> {
  const url = await fixture.tcpUrl();
  await fixture.cloudEndpoint(url, policy);
  const route = await fixture.emulator.edge.resolve(url);
  if (!route) throw new Error(`no route to ${url}`);
  return { url, route };
}

const restricted = (allow: string[]) =>
  JSON.stringify({
    on_tcp_connect: [
      {
        actions: [
          { type: 'restrict-ips', config: { enforce: true, allow } },
          { type: 'forward-internal', config: { url: 'tcp://pacs.c1.internal:104' } },
        ],
      },
    ],
  });

describe('tcp cloud endpoints', () => {
  it('closes a connection from outside the allowed ranges without a byte from the upstream', async () => {
    const { route } = await tcpRoute(restricted(['203.0.113.0/24', '2001:db8::/32']));
    const before = fixture.opened.length;
    expect(await tcpExchange(route, 'hello pacs')).toBe('');
    expect(fixture.opened.length).toBe(before);
  });

  it('pipes bytes both ways for an allowed address, opening the internal endpoint as the client', async () => {
    const { route } = await tcpRoute(restricted(['127.0.0.1/32']));
    expect(await tcpExchange(route, 'hello pacs')).toBe('hello pacs');
    expect(fixture.opened.at(-1)).toEqual({ url: 'tcp://pacs.c1.internal:104', clientAddress: '127.0.0.1' });
  });

  it('lets every address in when the policy has no restrict-ips', async () => {
    const { route } = await tcpRoute(
      JSON.stringify({
        on_tcp_connect: [
          { actions: [{ type: 'forward-internal', config: { url: 'tcp://pacs.c1.internal:104' } }] },
        ],
      }),
    );
    expect(route.notEvaluated).toEqual([]);
    expect(await tcpExchange(route, 'anyone')).toBe('anyone');
  });

  it('deny closes the connection', async () => {
    const { route } = await tcpRoute(JSON.stringify({ on_tcp_connect: [{ actions: [{ type: 'deny' }] }] }));
    expect(await tcpExchange(route, 'knock')).toBe('');
  });

  it('opens one listener per URL, on first resolve, and keeps it', async () => {
    const { url, route } = await tcpRoute(restricted(['127.0.0.1/32']));
    const again = await fixture.emulator.edge.resolve(url);
    expect(again?.port).toBe(route.port);
    const other = await tcpRoute(restricted(['127.0.0.1/32']));
    expect(other.route.port).not.toBe(route.port);
  });
});

describe('tls cloud endpoints', () => {
  it('forwards the unopened stream when the product policy allows the address', async () => {
    const url = 'tls://pg-c1.clinic-network.com';
    await fixture.cloudEndpoint(
      url,
      productPolicy({
        name: 'pg',
        internal_url: 'tls://pg.c1.internal:5432',
        upstream: 5432,
        public: { url, direct_tls: true, allow_ips: ['127.0.0.1/32'] },
      }),
    );
    const route = await fixture.emulator.edge.resolve(url);
    if (!route) throw new Error('no route');
    expect(route.servername).toBe('pg-c1.clinic-network.com');
    expect(await tcpExchange(route, 'startup')).toBe('startup');
    expect(fixture.opened.at(-1)?.url).toBe('tls://pg.c1.internal:5432');
  });
});
