import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeFixture } from './edge-setup.js';

let fixture: Awaited<ReturnType<typeof edgeFixture>>;
beforeAll(async () => {
  fixture = await edgeFixture();
  await fixture.cloudEndpoint(
    'https://portal-c1.clinic-network.com',
    JSON.stringify({
      on_tcp_connect: [{ actions: [{ type: 'terminate-tls', config: { min_version: '1.3' } }] }],
      on_http_request: [
        { actions: [{ type: 'forward-internal', config: { url: 'https://portal.c1.internal:443' } }] },
      ],
    }),
  );
});
afterAll(() => fixture.close());

async function resolveRoute(url: string) {
  const response = await fetch(
    `${fixture.emulator.url}/_sandbox/edge/resolve?url=${encodeURIComponent(url)}`,
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /_sandbox/edge/resolve', () => {
  it('answers where to connect, with exactly the contract fields, and needs no API key', async () => {
    const answer = await resolveRoute('https://portal-c1.clinic-network.com');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      host: '127.0.0.1',
      port: expect.any(Number),
      tls: false,
      servername: 'portal-c1.clinic-network.com',
      source_address: '127.0.0.1',
      not_evaluated: ['terminate-tls (min TLS version)'],
    });
  });

  it('finds the endpoint however the URL is spelled', async () => {
    const answer = await resolveRoute('HTTPS://Portal-C1.clinic-network.com:443/');
    expect(answer.status).toBe(200);
    expect(answer.body.servername).toBe('portal-c1.clinic-network.com');
  });

  it.each([
    ['no endpoint has the URL', 'https://nobody-c1.clinic-network.com'],
    ['the URL is not an endpoint URL', 'not a url'],
    ['the scheme differs', 'http://portal-c1.clinic-network.com'],
  ])('answers 404 with a message when %s', async (_, url) => {
    const answer = await resolveRoute(url);
    expect(answer.status).toBe(404);
    expect(answer.body.msg).toEqual(expect.any(String));
  });
});
