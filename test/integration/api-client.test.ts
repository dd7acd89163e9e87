import { afterEach, describe, expect, it } from 'vitest';
import { collect } from '../../source/ngrok/client.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import { RateLimiter } from '../../source/ngrok/rate-limiter.js';
import { seedFleet } from '../../source/sandbox/emulator/seed.js';
import { connectAgent, emulatorWithClient, forwardPolicy } from './api-setup.js';

let ctx: Awaited<ReturnType<typeof emulatorWithClient>> | undefined;
afterEach(async () => {
  await ctx?.emulator.close();
  ctx = undefined;
});

async function setup(...args: Parameters<typeof emulatorWithClient>) {
  ctx = await emulatorWithClient(...args);
  return ctx;
}

/** A private limiter, so these fake-server clients never wait on the process-wide one. */
const quick = { limiter: new RateLimiter({ limit: 1000 }) };

async function failure(promise: Promise<unknown>): Promise<NgrokApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NgrokApiError);
  return error as NgrokApiError;
}

describe('NgrokClient against the emulator', () => {
  it('lists 1,000 tunnel sessions in exactly 10 requests, newest first, with no repeats', async () => {
    const { emulator, client } = await setup();
    seedFleet(emulator, { clinics: 1000 });
    const before = client.requestCount;
    const sessions = await collect(client.tunnelSessions.list());
    expect(client.requestCount - before).toBe(10);
    expect(new Set(sessions.map((session) => session.id)).size).toBe(1000);
    const newest = emulator.state.tunnelSessions.all()[0];
    expect(sessions[0]?.id).toBe(newest?.id);
  }, 90_000); // seeding 1,000 clinics takes seconds on a loaded 2-core machine

  it('pages over 260 endpoints following next_page_uri (3 requests); a filter narrows the pages ngrok sends', async () => {
    const { emulator, client } = await setup();
    seedFleet(emulator, { clinics: 130 }); // a cloud and an agent endpoint each
    let before = client.requestCount;
    const all = await collect(client.endpoints.list());
    expect(all.length).toBe(260);
    expect(new Set(all.map((endpoint) => endpoint.id)).size).toBe(260);
    expect(client.requestCount - before).toBe(3);
    before = client.requestCount;
    const cloud = await collect(client.endpoints.list({ filter: 'obj.type == "cloud"' }));
    expect(cloud.length).toBe(130);
    expect(cloud.every((endpoint) => endpoint.type === 'cloud')).toBe(true);
    // ngrok filters on its side (https://ngrok.com/docs/api/api-filtering): 130 cloud endpoints fit in 2 pages
    // instead of 3.
    expect(client.requestCount - before).toBe(2);
    const sent = emulator.state.requestLog.filter((entry) => entry.path === '/endpoints');
    expect(sent.at(-2)?.query.filter).toBe('obj.type == "cloud"');
  });

  it('returns the authtoken only from create; get and list show null', async () => {
    const { client } = await setup();
    const created = await client.credentials.create({ acl: ['bind:*.clinic1.internal'] });
    expect(created.token).toMatch(/^\S+_\S+$/);
    expect((await client.credentials.get(created.id)).token).toBeNull();
    expect((await collect(client.credentials.list()))[0]?.token).toBeNull();
  });

  it('deletes with 204 and no body, and a second delete maps to a 404 NgrokApiError', async () => {
    const { emulator, client } = await setup();
    const domain = await client.reservedDomains.create({ domain: 'clinic1.example.com' });
    await expect(client.reservedDomains.delete(domain.id)).resolves.toBeUndefined();
    expect(emulator.state.requestLog.at(-1)?.status).toBe(204);
    const error = await failure(client.reservedDomains.delete(domain.id));
    expect(error.status).toBe(404);
    expect(error.external).toBe(true);
  });

  it('maps ngrok error bodies: code, status, operation id, and a hint naming the docs page', async () => {
    const { client } = await setup();
    await client.reservedDomains.create({ domain: '*.clinic-network.com' });
    const twice = await failure(client.reservedDomains.create({ domain: '*.clinic-network.com' }));
    expect(twice.code).toBe('ERR_NGROK_413');
    expect(twice.operationId).toMatch(/^op_/);
    expect(twice.hint).toContain('https://ngrok.com/docs/errors/err_ngrok_413');
    const badAcl = await failure(client.credentials.create({ acl: ['clinic1'] }));
    expect([badAcl.status, badAcl.code]).toEqual([400, 'ERR_NGROK_600']);
    const noAction = await failure(
      client.endpoints.create({
        type: 'cloud',
        url: 'https://a.clinic-network.com',
        traffic_policy: JSON.stringify({ on_http_request: [{ expressions: ["hasReqHeader('x')"] }] }),
      }),
    );
    expect(noAction.code).toBe('ERR_NGROK_2206');
  });

  it('says which key problem it is: wrong key, authtoken as key', async () => {
    const { emulator, client } = await setup({ apiKey: 'the_right_key' });
    expect((await failure(collect(client.credentials.list()))).code).toBe('ERR_NGROK_203');
    emulator.state.apiKeys.clear();
    const credential = await client.credentials.create({});
    const { NgrokClient } = await import('../../source/ngrok/client.js');
    const confused = new NgrokClient({
      apiKey: credential.token ?? '',
      baseUrl: emulator.url,
      maxRetries: 0,
    });
    expect((await failure(collect(confused.credentials.list()))).code).toBe('ERR_NGROK_206');
  });

  it('creates, updates and finds cloud endpoints; agent endpoints from a live agent show as type agent', async () => {
    const { emulator, client } = await setup();
    await client.reservedDomains.create({ domain: '*.clinic-network.com' });
    const cloud = await client.endpoints.create({
      type: 'cloud',
      url: 'https://api-clinic1.clinic-network.com',
      traffic_policy: forwardPolicy('https://rest-api.clinic1.internal'),
      metadata: '{"clinic_tui":1,"clinic":"clinic1","role":"cloud-endpoint"}',
    });
    const updated = await client.endpoints.update(cloud.id, {
      traffic_policy: forwardPolicy('https://v2.clinic1.internal'),
    });
    expect(updated.traffic_policy).toContain('v2.clinic1.internal');
    const credential = await client.credentials.create({ acl: ['bind:*.clinic1.internal'] });
    await connectAgent(emulator, credential.token ?? '', [
      { name: 'rest-api', url: 'https://rest-api.clinic1.internal' },
    ]);
    const internal = await collect(client.endpoints.list({ filter: '"internal" in obj.bindings' }));
    expect(internal.map((endpoint) => [endpoint.type, endpoint.url, endpoint.principal?.id])).toEqual([
      ['agent', 'https://rest-api.clinic1.internal', credential.owner_id],
    ]);
    expect(internal[0]?.tunnel_session?.id).toMatch(/^ts_/);
  });

  it('falls back to /bot_users when /service_users answers 404, and remembers it', async () => {
    const { emulator } = await setup();
    const paths: string[] = [];
    const legacyOnly: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      paths.push(`${init?.method ?? 'GET'} ${url.pathname}`);
      if (url.pathname.startsWith('/service_users')) {
        return new Response(JSON.stringify({ status_code: 404, msg: 'not found' }), { status: 404 });
      }
      return fetch(input, init);
    };
    const { NgrokClient } = await import('../../source/ngrok/client.js');
    const client = new NgrokClient({ apiKey: 'k', baseUrl: emulator.url, fetch: legacyOnly });
    const user = await client.serviceUsers.create({ name: 'clinic-tui/clinic1' });
    expect(user.uri).toContain('/bot_users/');
    expect((await client.serviceUsers.findByName('clinic-tui/clinic1'))?.id).toBe(user.id);
    expect(await client.serviceUsers.findByName('clinic-tui/nope')).toBeUndefined();
    expect(paths).toEqual(['POST /service_users', 'POST /bot_users', 'GET /bot_users', 'GET /bot_users']);
  });

  it('stops and restarts tunnel sessions; a restart comes back with a new ts_ id', async () => {
    const { emulator, client } = await setup();
    const [clinic] = seedFleet(emulator, { clinics: 2 });
    await client.tunnelSessions.restart(clinic?.tunnelSessionId ?? '');
    const after = await collect(client.tunnelSessions.list());
    expect(after).toHaveLength(2);
    expect(after.map((session) => session.id)).not.toContain(clinic?.tunnelSessionId);
    await client.tunnelSessions.stop(after[0]?.id ?? '');
    expect(await collect(client.tunnelSessions.list())).toHaveLength(1);
  });

  it('follows a next_page_uri that names another host on the configured base, so the API key stays home', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const pages = [
      {
        credentials: [{ id: 'cr_2' }],
        next_page_uri: 'https://api.ngrok.com/credentials?before_id=cr_2&limit=100',
      },
      { credentials: [{ id: 'cr_1' }], next_page_uri: null },
    ];
    const fake: typeof fetch = async (url, init) => {
      seen.push({ url: String(url), auth: new Headers(init?.headers).get('authorization') });
      return new Response(JSON.stringify({ uri: '', ...pages[seen.length - 1] }));
    };
    const { NgrokClient } = await import('../../source/ngrok/client.js');
    const client = new NgrokClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/api', fetch: fake, ...quick });
    const ids = (await collect(client.credentials.list())).map((credential) => credential.id);
    expect(ids).toEqual(['cr_2', 'cr_1']);
    expect(seen.map((entry) => entry.url)).toEqual([
      'http://127.0.0.1:9/api/credentials?limit=100',
      'http://127.0.0.1:9/api/credentials?before_id=cr_2&limit=100',
    ]);
  });

  it('stops with an error when a server links a page to itself instead of looping', async () => {
    let calls = 0;
    const loop: typeof fetch = async () => {
      calls++;
      return new Response(
        JSON.stringify({
          credentials: [{ id: 'cr_1' }],
          next_page_uri: 'http://127.0.0.1:9/credentials?limit=100',
        }),
      );
    };
    const { NgrokClient } = await import('../../source/ngrok/client.js');
    const client = new NgrokClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', fetch: loop, ...quick });
    const error = await failure(collect(client.credentials.list()));
    expect(error.message).toContain('repeated a page link');
    expect(calls).toBe(1);
  });
});
