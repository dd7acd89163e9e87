import { describe, expect, it } from 'vitest';
import { buildPolicy, policyToApiString } from '../../source/policy/build.js';
import { validatePolicy } from '../../source/policy/validate.js';
import { checkCloudPolicy } from '../../source/sandbox/emulator/policy-check.js';
import { serviceProtocol } from '../../source/spec/schema.js';
import { oneServiceSpec } from '../helpers/one-service.js';

// The answers file promises allow_ips on every protocol and min_tls on https; each must reach the policy.
const specWith = oneServiceSpec;

const ips = ['203.0.113.0/24', '2001:db8::/32'];
const restrict = { type: 'restrict-ips', config: { enforce: true, allow: ips } };

describe('buildPolicy applies every public option', () => {
  it('https: min_tls terminates TLS on connect; allow_ips is the first HTTP rule, before header and JWT', () => {
    const { spec, service } = specWith({
      name: 'api',
      internal_url: 'https://api.c1.internal',
      upstream: 8080,
      public: {
        url: 'https://api-c1.clinic-network.com',
        min_tls: '1.2',
        allow_ips: ips,
        require_header: 'x-key',
        jwt: { issuer: 'https://id.example.com/', jwks_url: 'https://id.example.com/jwks' },
      },
    });
    const policy = buildPolicy(spec, service);
    expect(policy.on_tcp_connect).toEqual([
      { name: 'Minimum TLS version', actions: [{ type: 'terminate-tls', config: { min_version: '1.2' } }] },
    ]);
    const rules = policy.on_http_request ?? [];
    expect(rules.map((rule) => rule.actions.map((action) => action.type))).toEqual([
      ['restrict-ips'],
      ['deny'],
      ['jwt-validation'],
      ['forward-internal'],
    ]);
    expect(rules[0]!.actions[0]).toEqual(restrict);
  });

  it('http: allow_ips alone gives a restrict-ips rule and no on_tcp_connect', () => {
    const { spec, service } = specWith({
      name: 'web',
      internal_url: 'http://web.c1.internal',
      upstream: 80,
      public: { url: 'http://web-c1.clinic-network.com', allow_ips: ips },
    });
    const policy = buildPolicy(spec, service);
    expect(Object.keys(policy)).toEqual(['on_http_request']);
    expect(policy.on_http_request?.[0]?.actions).toEqual([restrict]);
  });

  it('tls: allow_ips, then the forward of the unopened TLS stream, in one on_tcp_connect rule', () => {
    const { spec, service } = specWith({
      name: 'pg',
      internal_url: 'tls://pg.c1.internal:5432',
      upstream: 5432,
      public: { url: 'tls://pg-c1.clinic-network.com', direct_tls: true, min_tls: '1.3', allow_ips: ips },
    });
    expect(buildPolicy(spec, service).on_tcp_connect?.[0]?.actions).toEqual([
      restrict,
      { type: 'forward-internal', config: { url: 'tls://pg.c1.internal:5432' } },
    ]);
  });

  it.each([
    ['https', { min_tls: '1.3', allow_ips: ips, require_header: 'x-key' }],
    ['http', { allow_ips: ips }],
    ['tls', { min_tls: '1.2', allow_ips: ips }],
  ])('%s with options: clean for the linter and accepted by the emulator', (scheme, options) => {
    const { spec, service } = specWith({
      name: 's',
      internal_url: `${scheme}://s.c1.internal`,
      upstream: 8080,
      public: { url: `${scheme}://s-c1.clinic-network.com`, ...options },
    });
    const text = policyToApiString(buildPolicy(spec, service));
    expect(validatePolicy(JSON.parse(text), { scheme: serviceProtocol(service)!, cloud: true })).toEqual([]);
    expect(() => checkCloudPolicy(text, scheme)).not.toThrow();
  });
});
