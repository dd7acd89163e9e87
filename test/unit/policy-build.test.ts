import { describe, expect, it } from 'vitest';
import { buildPolicy, internalTarget, policyToApiString } from '../../source/policy/build.js';
import { validatePolicy } from '../../source/policy/validate.js';
import { loadAnswersFile } from '../../source/spec/load.js';
import { type ClinicSpec, serviceProtocol } from '../../source/spec/schema.js';

const spec = await loadAnswersFile('assets/examples/clinic1.yml');
const service = (name: string) => {
  const found = spec.services.find((s) => s.name === name);
  if (!found) throw new Error(`no service ${name} in clinic1.yml`);
  return found;
};

describe('internalTarget', () => {
  it.each([
    ['https://rest-api.clinic1.internal', 'https://rest-api.clinic1.internal:443'],
    ['http://web.clinic1.internal', 'http://web.clinic1.internal:80'],
    ['tls://patient-db.clinic1.internal', 'tls://patient-db.clinic1.internal:443'],
    ['tcp://operations-database.clinic1.internal:1433', 'tcp://operations-database.clinic1.internal:1433'],
    ['https://rest-api.clinic1.internal:8443', 'https://rest-api.clinic1.internal:8443'],
  ])('%s → %s', (internal_url, expected) => {
    expect(internalTarget({ internal_url })).toBe(expected);
  });
});

describe('buildPolicy for the guide clinic', () => {
  it('https: denies a missing header with 401, validates one bearer token, then forwards to :443', () => {
    const policy = buildPolicy(spec, service('rest-api'));
    expect(Object.keys(policy)).toEqual(['on_http_request']);
    const [header, jwt, forward] = policy.on_http_request ?? [];
    expect(header).toMatchObject({
      // The guide's example-token, in the canonical form hasReqHeader wants.
      expressions: ["!hasReqHeader('Example-Token')"],
      actions: [{ type: 'deny', config: { status_code: 401 } }],
    });
    expect(jwt?.actions).toEqual([
      {
        type: 'jwt-validation',
        config: {
          issuer: { allow_list: [{ value: 'https://example.com/issuer' }] },
          audience: { allow_list: [{ value: 'urn:example:api' }] },
          // One bearer token only: the guide's second it+jwt body token would make every GET answer 401.
          http: {
            tokens: [{ type: 'access_token', method: 'header', name: 'Authorization', prefix: 'Bearer ' }],
          },
          jws: {
            allowed_algorithms: ['RS256', 'ES256'],
            keys: { sources: { additional_jkus: ['https://example.com/issuer/jku'] } },
          },
        },
      },
    ]);
    expect(forward?.expressions).toBeUndefined();
    expect(forward?.actions).toEqual([
      { type: 'forward-internal', config: { url: 'https://rest-api.clinic1.internal:443' } },
    ]);
  });

  it('PostgreSQL: on tcp, its allow list, then forwarded to the port the agent uses, in on_tcp_connect only', () => {
    const policy = buildPolicy(spec, service('patient-db'));
    expect(policy).toEqual({
      on_tcp_connect: [
        {
          name: 'Forward to clinic1',
          actions: [
            { type: 'restrict-ips', config: { enforce: true, allow: ['203.0.113.0/24'] } },
            { type: 'forward-internal', config: { url: 'tcp://patient-db.clinic1.internal:5432' } },
          ],
        },
      ],
    });
  });

  it('tcp: enforced IP allow list, then forward to the same port the agent uses (not the guide :443)', () => {
    const policy = buildPolicy(spec, service('operations-db'));
    expect(policy.on_tcp_connect?.[0]?.actions).toEqual([
      {
        type: 'restrict-ips',
        config: { enforce: true, allow: ['e680:5791:be4c:5739:d959:7b94:6d54:d4b4/128', '203.0.113.42/32'] },
      },
      { type: 'forward-internal', config: { url: 'tcp://operations-database.clinic1.internal:1433' } },
    ]);
  });

  it('leaves out checks the spec does not ask for', () => {
    const bare: ClinicSpec = {
      ...spec,
      services: [
        {
          name: 'web',
          internal_url: 'https://web.clinic1.internal',
          upstream: 80,
          public: { url: 'https://web-clinic1.clinic-network.com' },
        },
      ],
    };
    expect(buildPolicy(bare, bare.services[0]!)).toEqual({
      on_http_request: [
        {
          name: 'Forward to clinic1',
          actions: [{ type: 'forward-internal', config: { url: 'https://web.clinic1.internal:443' } }],
        },
      ],
    });
  });

  it.each(spec.services.map((s) => [s.name]))(
    '%s: the built policy validates clean as a cloud policy',
    (name) => {
      const svc = service(name);
      const scheme = serviceProtocol(svc)!;
      const text = policyToApiString(buildPolicy(spec, svc));
      expect(validatePolicy(JSON.parse(text), { scheme, cloud: true })).toEqual([]);
    },
  );
});
