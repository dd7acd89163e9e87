import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../source/ngrok/client.js';
import type { RequestLogEntry } from '../../source/sandbox/emulator/state.js';
import { conform, contractViolations, findOperation, openApiSubset } from '../helpers/openapi-contract.js';
import { connectAgent, emulatorWithClient, forwardPolicy } from './api-setup.js';

describe('the client speaks the OpenAPI contract', () => {
  let ctx: Awaited<ReturnType<typeof emulatorWithClient>>;
  beforeAll(async () => {
    ctx = await emulatorWithClient();
    const { client, emulator } = ctx;
    // Every call the tool makes, once.
    const user = await client.serviceUsers.create({ name: 'clinic-tui/clinic1' });
    await client.serviceUsers.get(user.id);
    await client.serviceUsers.findByName('clinic-tui/clinic1');
    const credential = await client.credentials.create({
      description: 'clinic1 agent',
      metadata: '{"clinic_tui":1,"clinic":"clinic1","role":"agent-credential"}',
      acl: ['bind:*.clinic1.internal'],
      owner_id: user.id,
    });
    await client.credentials.get(credential.id);
    await client.credentials.update(credential.id, {
      metadata: '{"clinic_tui":1}',
      acl: ['bind:*.clinic1.internal'],
    });
    await collect(client.credentials.list({ filter: `obj.owner_id == "${user.id}"` }));
    const domain = await client.reservedDomains.create({
      domain: '*.clinic-network.com',
      description: 'clinics',
    });
    await client.reservedDomains.get(domain.id);
    await collect(client.reservedDomains.list());
    const addr = await client.reservedAddrs.create({ description: 'db', region: 'us' });
    await client.reservedAddrs.get(addr.id);
    await collect(client.reservedAddrs.list());
    const https = await client.endpoints.create({
      type: 'cloud',
      url: 'https://api-clinic1.clinic-network.com',
      traffic_policy: forwardPolicy('https://rest-api.clinic1.internal'),
      bindings: ['public'],
      description: 'rest api',
      metadata: '{"clinic_tui":1}',
      pooling_enabled: false,
    });
    const tcp = await client.endpoints.create({
      type: 'cloud',
      url: `tcp://${addr.addr}`,
      traffic_policy: forwardPolicy('tcp://operations-database.clinic1.internal:1433', 'on_tcp_connect'),
    });
    await client.endpoints.update(https.id, { traffic_policy: forwardPolicy('https://x.clinic1.internal') });
    await client.endpoints.get(https.id);
    await collect(client.endpoints.list({ filter: 'obj.type == "cloud"' }));
    const agent = await connectAgent(emulator, credential.token ?? '', [
      { name: 'rest-api', url: 'https://rest-api.clinic1.internal' },
    ]);
    const sessions = await collect(client.tunnelSessions.list());
    await client.tunnelSessions.get(sessions[0]?.id ?? '');
    await client.tunnelSessions.restart(sessions[0]?.id ?? '');
    await agent.lines();
    const again = await connectAgent(emulator, credential.token ?? '', [
      { name: 'rest-api', url: 'https://rest-api.clinic1.internal' },
    ]);
    await client.tunnelSessions.stop(again.session?.id ?? '');
    await again.lines();
    const ingress = await client.agentIngresses.create({
      domain: 'connect.clinic-network.com',
      metadata: '{}',
    });
    await client.agentIngresses.get(ingress.id);
    await collect(client.agentIngresses.list());
    for (const id of [https.id, tcp.id]) await client.endpoints.delete(id);
    await client.agentIngresses.delete(ingress.id);
    await client.reservedAddrs.delete(addr.id);
    await client.reservedDomains.delete(domain.id);
    await client.credentials.delete(credential.id);
    await client.serviceUsers.delete(user.id);
  });
  afterAll(() => ctx.emulator.close());

  it('sends only requests the spec describes: paths, headers, query names, body fields and types', () => {
    const apiRequests = ctx.emulator.state.requestLog.filter((entry) => !entry.path.startsWith('/_sandbox'));
    expect(apiRequests.length).toBe(ctx.client.requestCount);
    expect(apiRequests.flatMap(contractViolations)).toEqual([]);
  });

  it('the check itself catches junk: unknown field, wrong type, missing version, unknown query', () => {
    const bad: RequestLogEntry = {
      at: 0,
      method: 'POST',
      path: '/credentials',
      query: { expand: '1' },
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
      body: { acl: 'bind:x', owner: 'usr_1' },
    };
    expect(contractViolations(bad)).toEqual([
      'CredentialsCreate: Ngrok-Version must be 2',
      'CredentialsCreate: query expand not in the spec',
      'CredentialsCreate.acl: want array',
      'CredentialsCreate.owner: not in the spec',
    ]);
    // The docs give `filter` to the lists with filterable fields
    // (https://ngrok.com/docs/api/api-filtering#filterable-resources-and-fields), not to every list.
    const filtered: RequestLogEntry = {
      at: 0,
      method: 'GET',
      path: '/reserved_domains',
      query: { limit: '100', filter: 'obj.domain == "x"' },
      headers: { authorization: 'Bearer abc', 'ngrok-version': '2' },
      body: undefined,
    };
    expect(contractViolations(filtered)).toEqual(['ReservedDomainsList: query filter not in the spec']);
  });

  it('exercised every operation the client offers', () => {
    const used = new Set(
      ctx.emulator.state.requestLog.map((entry) => findOperation(entry.method, entry.path)?.operationId),
    );
    const offered = openApiSubset.operations
      .map((op) => op.operationId)
      .filter((id) => !id.startsWith('BotUsers') && !/Update$/.test(id) && id !== 'TunnelSessionsUpdate');
    const missing = offered.filter((id) => !used.has(id));
    // Updates the client exposes are credentials and endpoints; others are not called by the tool.
    expect(missing).toEqual([]);
    expect(used.has('CredentialsUpdate') && used.has('EndpointsUpdate')).toBe(true);
  });

  it('the emulator answers with objects the spec describes (no invented fields, right types)', async () => {
    const errors: string[] = [];
    const { client, emulator } = ctx;
    const user = await client.serviceUsers.create({ name: 'shape-check' });
    const credential = await client.credentials.create({ acl: ['bind:*.shape.internal'], owner_id: user.id });
    await client.reservedDomains.create({ domain: 'shape.example.com' });
    await client.reservedAddrs.create({});
    await client.agentIngresses.create({ domain: 'connect.shape.example.com' });
    await connectAgent(emulator, credential.token ?? '', [
      { name: 'a', url: 'tls://db.shape.internal:5432' },
    ]);
    const lists: [string, string][] = [
      ['/bot_users', 'BotUserList'],
      ['/credentials', 'CredentialList'],
      ['/reserved_domains', 'ReservedDomainList'],
      ['/reserved_addrs', 'ReservedAddrList'],
      ['/endpoints', 'EndpointList'],
      ['/tunnel_sessions', 'TunnelSessionList'],
      ['/agent_ingresses', 'AgentIngressList'],
    ];
    for (const [path, schema] of lists) {
      const response = await fetch(`${emulator.url}${path}`, {
        headers: { authorization: 'Bearer k', 'ngrok-version': '2' },
      });
      const body = (await response.json()) as Record<string, unknown[]>;
      expect(Object.values(body).some((value) => Array.isArray(value) && value.length > 0)).toBe(true);
      conform(body, { $ref: schema }, path, errors);
    }
    expect(errors).toEqual([]);
  });
});
