import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { connectAgent, forwardPolicy } from './api-setup.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0 });
});
afterAll(() => emulator.close());

const apiHeaders = {
  authorization: 'Bearer key_123',
  'ngrok-version': '2',
  'content-type': 'application/json',
};

/** A raw API call, so the emulator's own answers are under test (not the client's handling of them). */
async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = apiHeaders,
) {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

async function credential(acl: string[]) {
  return (await call('POST', '/credentials', { acl })).body as {
    id: string;
    token: string;
    owner_id: string;
  };
}

// https://ngrok.com/docs/api/#authentication, https://ngrok.com/docs/api/#versioning-and-api-stability,
// https://ngrok.com/docs/api/#rate-limits
describe('emulator API gate', () => {
  it.each([
    [{}, 401, 'ERR_NGROK_200'],
    [{ authorization: 'Basic' }, 401, 'ERR_NGROK_201'],
    [{ authorization: 'Bearer key_123' }, 400, 'ERR_NGROK_218'],
  ])('headers %j → %i %s, in ngrok’s error body shape', async (headers, status, code) => {
    const answer = await call('GET', '/credentials', undefined, headers);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({
      error_code: code,
      status_code: status,
      msg: expect.any(String),
      details: { operation_id: expect.stringMatching(/^op_/) },
    });
  });

  it('rejects unknown body fields, bodies on GET, and unknown query parameters', async () => {
    expect((await call('POST', '/credentials', { acl: [], ttl: 5 })).body.error_code).toBe('ERR_NGROK_801');
    expect((await call('POST', '/credentials', { acl: 'bind:x' })).body.error_code).toBe('ERR_NGROK_215');
    expect((await call('GET', '/credentials?expand=all')).body.error_code).toBe('ERR_NGROK_231');
    expect((await call('GET', '/credentials?limit=101')).status).toBe(400);
  });

  it('answers 429 ERR_NGROK_226 past the per-minute limit, with Retry-After only when asked to send one', async () => {
    for (const retryAfter of [false, true]) {
      const limited = await startEmulator({ rateLimit: 2, retryAfter });
      try {
        const statuses: number[] = [];
        let header: string | null = null;
        for (let index = 0; index < 3; index++) {
          const response = await fetch(`${limited.url}/reserved_addrs`, { headers: apiHeaders });
          statuses.push(response.status);
          header = response.headers.get('retry-after');
        }
        expect(statuses).toEqual([200, 200, 429]);
        if (retryAfter) expect(Number(header)).toBeGreaterThan(0);
        else expect(header).toBeNull();
      } finally {
        await limited.close();
      }
    }
  });
});

// https://ngrok.com/docs/api-reference/endpoints/create, https://ngrok.com/docs/api-reference/reserveddomains/create,
// https://ngrok.com/docs/api-reference/reservedaddrs/create
describe('emulator cloud endpoints and reservations', () => {
  it('needs url, type and traffic_policy; public domains must be reserved; a second domain reservation is 413', async () => {
    const noPolicy = await call('POST', '/endpoints', { type: 'cloud', url: 'https://a.fleet.example' });
    expect([noPolicy.status, noPolicy.body.msg]).toEqual([
      400,
      'The request parameter traffic_policy is required.',
    ]);
    const policy = forwardPolicy('https://a.fleet.internal');
    const unreserved = await call('POST', '/endpoints', {
      type: 'cloud',
      url: 'https://a.fleet.example',
      traffic_policy: policy,
    });
    expect(unreserved.body.msg).toContain('not reserved');
    expect((await call('POST', '/reserved_domains', { domain: '*.fleet.example' })).status).toBe(201);
    expect((await call('POST', '/reserved_domains', { domain: '*.fleet.example' })).body.error_code).toBe(
      'ERR_NGROK_413',
    );
    expect((await call('POST', '/reserved_domains', { domain: 'a.*.example' })).body.error_code).toBe(
      'ERR_NGROK_402',
    );
    const created = await call('POST', '/endpoints', {
      type: 'cloud',
      url: 'https://a.fleet.example',
      traffic_policy: policy,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'cloud',
      bindings: ['public'],
      tunnel_session: null,
      port: 443,
    });
    const twice = await call('POST', '/endpoints', {
      type: 'cloud',
      url: 'https://a.fleet.example',
      traffic_policy: policy,
    });
    // https://ngrok.com/docs/endpoints/endpoint-pooling#conflicts; the status is not documented.
    expect(twice.body.error_code).toBe('ERR_NGROK_18017');
    expect([400, 409]).toContain(twice.status);
    const pooled = await call('POST', '/endpoints', {
      type: 'cloud',
      url: 'https://a.fleet.example',
      traffic_policy: policy,
      pooling_enabled: true,
    });
    expect(pooled.body.error_code).toBe('ERR_NGROK_18016');
    const pool = {
      type: 'cloud',
      url: 'https://pool.fleet.example',
      traffic_policy: policy,
      pooling_enabled: true,
    };
    expect([
      (await call('POST', '/endpoints', pool)).status,
      (await call('POST', '/endpoints', pool)).status,
    ]).toEqual([201, 201]);
  });

  it('gives a reserved address without a scheme, and accepts a tcp endpoint only on it', async () => {
    const addr = (await call('POST', '/reserved_addrs', {})).body as { addr: string };
    expect(addr.addr).toMatch(/^1\.tcp\.ngrok\.io:\d+$/);
    const policy = forwardPolicy('tcp://db.clinic1.internal:1433', 'on_tcp_connect');
    const elsewhere = await call('POST', '/endpoints', {
      type: 'cloud',
      url: 'tcp://1.tcp.ngrok.io:1',
      traffic_policy: policy,
    });
    expect(elsewhere.status).toBe(400);
    const onIt = await call('POST', '/endpoints', {
      type: 'cloud',
      url: `tcp://${addr.addr}`,
      traffic_policy: policy,
    });
    expect(onIt.status).toBe(201);
  });

  it('keeps agent endpoints read-only and refuses to change a cloud endpoint’s url', async () => {
    const owner = await credential(['bind:*.ro.internal']);
    const agent = await connectAgent(emulator, owner.token, [{ name: 'a', url: 'https://a.ro.internal' }]);
    const agentEndpoint = agent.session?.endpoints[0]?.id ?? '';
    expect((await call('DELETE', `/endpoints/${agentEndpoint}`)).status).toBe(400);
    expect((await call('GET', `/endpoints/${agentEndpoint}`)).body).toMatchObject({
      type: 'agent',
      bindings: ['internal'],
    });
    agent.disconnect();
  });
});

describe('emulator agent entry point', () => {
  it('refuses unknown tokens (300), binds outside the ACL (316), a URL already online (334), tcp without port (400)', async () => {
    const owner = await credential(['bind:*.clinic7.internal']);
    const unknown = await connectAgent(emulator, 'nope_token', [
      { name: 'a', url: 'https://a.clinic7.internal' },
    ]);
    expect([unknown.status, unknown.error?.error_code]).toEqual([401, 'ERR_NGROK_300']);
    const outside = await connectAgent(emulator, owner.token, [
      { name: 'a', url: 'https://a.clinic8.internal' },
    ]);
    expect([outside.status, outside.error?.error_code]).toEqual([403, 'ERR_NGROK_316']);
    const noPort = await connectAgent(emulator, owner.token, [
      { name: 'db', url: 'tcp://db.clinic7.internal' },
    ]);
    expect(noPort.status).toBe(400);
    const first = await connectAgent(emulator, owner.token, [
      { name: 'a', url: 'https://a.clinic7.internal' },
    ]);
    expect(first.status).toBe(200);
    const second = await connectAgent(emulator, owner.token, [
      { name: 'a', url: 'https://a.clinic7.internal' },
    ]);
    expect([second.status, second.error?.error_code]).toEqual([409, 'ERR_NGROK_334']);
    first.disconnect();
  });

  it('lets two pooled agents share a URL', async () => {
    const owner = await credential([]);
    const pooled = [{ name: 'a', url: 'https://pool.clinic9.internal', pooling_enabled: true }];
    const one = await connectAgent(emulator, owner.token, pooled);
    const two = await connectAgent(emulator, owner.token, pooled);
    expect([one.status, two.status]).toEqual([200, 200]);
    one.disconnect();
    two.disconnect();
  });

  it('tells the agent stop / restart / revoked, ends the stream, and takes its session offline', async () => {
    const owner = await credential(['bind:*.life.internal']);
    const endpoints = [{ name: 'a', url: 'https://a.life.internal' }];
    const stopped = await connectAgent(emulator, owner.token, endpoints);
    const sessionId = stopped.session?.id ?? '';
    expect((await call('GET', `/tunnel_sessions/${sessionId}`)).body).toMatchObject({
      credential: { id: owner.id },
      transport: 'ngrok/2',
      ip: '127.0.0.1',
      agent_version: '3.22.1',
    });
    expect((await call('POST', `/tunnel_sessions/${sessionId}/stop`, {})).status).toBe(204);
    expect(await stopped.lines()).toEqual([{ type: 'stop' }]);
    expect((await call('GET', `/tunnel_sessions/${sessionId}`)).status).toBe(404);
    const restarted = await connectAgent(emulator, owner.token, endpoints);
    await call('POST', `/tunnel_sessions/${restarted.session?.id}/restart`, {});
    expect(await restarted.lines()).toEqual([{ type: 'restart' }]);
    const revoked = await connectAgent(emulator, owner.token, endpoints);
    expect((await call('DELETE', `/credentials/${owner.id}`)).status).toBe(204);
    expect(await revoked.lines()).toEqual([{ type: 'revoked' }]);
    const after = await connectAgent(emulator, owner.token, endpoints);
    expect(after.error?.error_code).toBe('ERR_NGROK_300');
  });

  it('removes the session and its endpoints when the agent’s connection closes', async () => {
    const owner = await credential([]);
    const agent = await connectAgent(emulator, owner.token, [
      { name: 'a', url: 'https://gone.clinic5.internal' },
    ]);
    const sessionId = agent.session?.id ?? '';
    await agent.disconnect();
    await expect.poll(async () => (await call('GET', `/tunnel_sessions/${sessionId}`)).status).toBe(404);
    const list = await call(
      'GET',
      `/endpoints?filter=${encodeURIComponent('obj.url == "https://gone.clinic5.internal"')}`,
    );
    expect(list.body.endpoints).toEqual([]);
  });
});

// https://ngrok.com/docs/api/#pagination, https://ngrok.com/docs/api/api-filtering
describe('emulator list paging and filtering', () => {
  /** Every item of a list, following next_page_uri; returns the ids and the number of pages read. */
  async function readAll(path: string, between?: () => Promise<void>) {
    const ids: string[] = [];
    let pages = 0;
    let next: string | null = `${emulator.url}${path}`;
    while (next) {
      const answer = await call('GET', next.slice(emulator.url.length));
      expect(answer.status).toBe(200);
      ids.push(...(answer.body.credentials as { id: string }[]).map((item) => item.id));
      next = answer.body.next_page_uri;
      pages++;
      if (next && between) await between();
    }
    return { ids, pages };
  }

  it('pages a filtered list newest first, each match once; a change shows from the next first page on', async () => {
    const tagged: string[] = [];
    for (let i = 0; i < 25; i++) {
      const created = (await call('POST', '/credentials', { metadata: i % 2 ? 'odd' : 'even' })).body;
      if (i % 2) tagged.push(created.id);
    }
    const filter = encodeURIComponent('obj.metadata == "odd"');
    const { ids, pages } = await readAll(`/credentials?limit=5&filter=${filter}`);
    expect(ids).toEqual([...tagged].reverse());
    expect(pages).toBe(3);

    const [first] = tagged;
    await call('PATCH', `/credentials/${first}`, { metadata: 'even' });
    expect((await readAll(`/credentials?limit=5&filter=${filter}`)).ids).not.toContain(first);
    // Deleting the item a page ended on: the following page is empty rather than restarting from the top.
    const paged = await readAll(`/credentials?limit=5&filter=${filter}`, async () => {
      const last = tagged.at(-5);
      if (last) await call('DELETE', `/credentials/${last}`);
    });
    expect(paged.ids).toHaveLength(5);
  });
});
