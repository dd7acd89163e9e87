import { describe, expect, it } from 'vitest';
import { collect, NgrokClient } from '../../source/ngrok/client.js';
import { errorFromResponse } from '../../source/ngrok/errors.js';
import { RateLimiter } from '../../source/ngrok/rate-limiter.js';

/** A client on a fake server: records every request and answers with the queued bodies in order. */
function recording(answers: { status?: number; body?: unknown }[]) {
  const sent: { method: string; url: string; body: unknown }[] = [];
  const fake: typeof fetch = async (url, init) => {
    sent.push({
      method: init?.method ?? 'GET',
      url: String(url),
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    const answer = answers[sent.length - 1] ?? { status: 500 };
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), { status });
  };
  const client = new NgrokClient({
    apiKey: 'k',
    baseUrl: 'http://127.0.0.1:9',
    fetch: fake,
    maxRetries: 0,
    limiter: new RateLimiter({ limit: 1000 }),
  });
  return { client, sent };
}

// https://ngrok.com/docs/api-reference/credentials/create
describe('request bodies fit what ngrok accepts', () => {
  it('a create leaves out empty strings (an empty owner_id names nobody) and cuts a description to 255 bytes', async () => {
    const { client, sent } = recording([{ status: 201, body: { id: 'cr_1', token: 't' } }]);
    const name = 'Clínica São José '.repeat(20);
    await client.credentials.create({
      description: name,
      metadata: '',
      acl: ['bind:*.c1.internal'],
      owner_id: '',
    });
    const body = sent[0]?.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['acl', 'description']);
    const description = String(body.description);
    expect(Buffer.byteLength(description)).toBeLessThanOrEqual(255);
    expect(name.startsWith(description)).toBe(true);
    expect(Buffer.byteLength(name.slice(0, description.length + 1))).toBeGreaterThan(255);
  });

  it('an update keeps an empty string, which clears the field', async () => {
    const { client, sent } = recording([{ body: { id: 'ep_1' } }]);
    await client.endpoints.update('ep_1', { description: '', metadata: '{"clinic_tui":1}' });
    expect(sent[0]).toMatchObject({
      method: 'PATCH',
      body: { description: '', metadata: '{"clinic_tui":1}' },
    });
  });

  it('refuses metadata over 4096 bytes before sending anything', async () => {
    const { client, sent } = recording([]);
    await expect(client.reservedAddrs.create({ metadata: 'x'.repeat(4097) })).rejects.toThrow('4096');
    expect(sent).toEqual([]);
  });
});

// https://ngrok.com/docs/api/api-filtering
describe('list filters: sent to ngrok and also applied on the client', () => {
  const credentials = [
    { id: 'cr_3', owner_id: 'bot_a' },
    { id: 'cr_2', owner_id: 'bot_b' },
    { id: 'cr_1', owner_id: 'bot_a' },
  ];
  const filterQuery = `filter=${new URLSearchParams({ f: 'obj.owner_id == "bot_a"' }).toString().slice(2)}`;

  it('sends the filter, and keeps just the matching items when the server ignored it and returned every one', async () => {
    const { client, sent } = recording([{ body: { credentials, next_page_uri: null } }]);
    const mine = await collect(client.credentials.list({ filter: 'obj.owner_id == "bot_a"' }));
    expect(mine.map((credential) => credential.id)).toEqual(['cr_3', 'cr_1']);
    expect(sent.map((request) => request.url)).toEqual([
      `http://127.0.0.1:9/credentials?limit=100&${filterQuery}`,
    ]);
  });

  it('asks again without the filter when the server refuses it with a 400 before any item', async () => {
    const { client, sent } = recording([
      { status: 400, body: { error_code: 'invalid_cel_expression', status_code: 400, msg: 'bad filter' } },
      { body: { credentials, next_page_uri: null } },
    ]);
    const mine = await collect(client.credentials.list({ filter: 'obj.owner_id == "bot_a"' }));
    expect(mine.map((credential) => credential.id)).toEqual(['cr_3', 'cr_1']);
    expect(sent.map((request) => request.url)).toEqual([
      `http://127.0.0.1:9/credentials?limit=100&${filterQuery}`,
      'http://127.0.0.1:9/credentials?limit=100',
    ]);
  });

  it('does not hide other failures behind the retry: a 403 on a filtered list is the error', async () => {
    const { client, sent } = recording([
      { status: 403, body: { error_code: 'ERR_NGROK_200', status_code: 403, msg: 'forbidden' } },
    ]);
    await expect(collect(client.credentials.list({ filter: 'obj.owner_id == "bot_a"' }))).rejects.toThrow();
    expect(sent).toHaveLength(1);
  });

  it('rejects an expression it cannot evaluate before any request', async () => {
    const { client, sent } = recording([]);
    await expect(collect(client.endpoints.list({ filter: 'obj.type = "cloud"' }))).rejects.toThrow(
      'Invalid filter expression',
    );
    expect(sent).toEqual([]);
  });
});

describe('responses: fields ngrok may omit or send as null are read, not rejected', () => {
  it('parses objects whose optional strings, booleans, lists and refs are null', async () => {
    const { client } = recording([
      {
        body: {
          id: 'ep_1',
          uri: null,
          type: 'cloud',
          url: 'https://a.example.com',
          created_at: null,
          description: null,
          metadata: null,
          traffic_policy: null,
          bindings: null,
          pooling_enabled: null,
          principal: { id: 'bot_1', uri: null },
          tunnel_session: null,
          new_field_from_the_future: { x: 1 },
        },
      },
      {
        body: { service_users: [{ id: 'bot_1', name: null, active: null, uri: null }], next_page_uri: null },
      },
    ]);
    const endpoint = await client.endpoints.get('ep_1');
    expect([endpoint.metadata, endpoint.bindings, endpoint.pooling_enabled, endpoint.principal?.uri]).toEqual(
      ['', [], false, ''],
    );
    const [user] = await collect(client.serviceUsers.list());
    expect([user?.id, user?.name, user?.active]).toEqual(['bot_1', '', true]);
  });

  it('reads the error code even when another field of the error body has an odd type', () => {
    const body = '{"error_code":"ERR_NGROK_413","status_code":"409","msg":"taken","details":"op_x"}';
    const error = errorFromResponse(409, body, { method: 'POST', path: '/reserved_domains' });
    expect([error.code, error.message]).toEqual([
      'ERR_NGROK_413',
      'ngrok API POST /reserved_domains failed (409 ERR_NGROK_413): taken',
    ]);
  });
});

describe('service users on a server that has only /bot_users (the OpenAPI copy has no /service_users)', () => {
  it('falls back to /bot_users when /service_users answers 405, and stays there', async () => {
    const { client, sent } = recording([
      { status: 405, body: { status_code: 405, msg: 'method not allowed' } },
      { status: 201, body: { id: 'bot_1', name: 'clinic-tui/c1', active: true } },
      { body: { bot_users: [{ id: 'bot_1', name: 'clinic-tui/c1' }], next_page_uri: null } },
    ]);
    const user = await client.serviceUsers.create({ name: 'clinic-tui/c1', active: true });
    expect(user.id).toBe('bot_1');
    expect((await client.serviceUsers.findByName('clinic-tui/c1'))?.id).toBe('bot_1');
    expect(sent.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'POST /service_users',
      'POST /bot_users',
      'GET /bot_users',
    ]);
  });
});
