import { describe, expect, it } from 'vitest';
import { validateAgentConfig } from '../../source/agent-config/validate.js';
import { minimumAgentVersionFor } from '../../source/agent-config/version.js';
import { lintText } from '../../source/lint/lint-file.js';
import { type PolicyContext, validatePolicy } from '../../source/policy/validate.js';

// What lint knows of ngrok's rules: required action fields, the ERR_NGROK code each error page gives
// (https://ngrok.com/docs/errors), upstreams that fit their endpoint, and the agent version a config needs.
const https: PolicyContext = { scheme: 'https', cloud: true };
const tcp: PolicyContext = { scheme: 'tcp', cloud: true };
const httpsForward = { type: 'forward-internal', config: { url: 'https://api.c1.internal:443' } };
const tcpForward = { type: 'forward-internal', config: { url: 'tcp://db.c1.internal:1433' } };

const jwt = (config: Record<string, unknown>) => ({
  on_http_request: [
    {
      actions: [
        {
          type: 'jwt-validation',
          config: {
            issuer: { allow_list: [{ value: 'https://id.example.com/' }] },
            http: { tokens: [{ type: 'access_token', method: 'header', name: 'Authorization' }] },
            jws: {
              allowed_algorithms: ['RS256'],
              keys: { sources: { additional_jkus: ['https://id.example.com/jwks'] } },
            },
            ...config,
          },
        },
        httpsForward,
      ],
    },
  ],
});
const tcpPolicy = (action: Record<string, unknown>) => ({
  on_tcp_connect: [{ actions: [action, tcpForward] }],
});
const base = 'on_http_request[0].actions[0].config';

/** [what, policy, context, path of the error, ERR_NGROK code] */
const cases: [string, unknown, PolicyContext, string, string][] = [
  [
    'jwt without jws.keys',
    jwt({ jws: { allowed_algorithms: ['RS256'] } }),
    https,
    `${base}.jws.keys`,
    'ERR_NGROK_2234',
  ],
  [
    'jwt keys without JWKS URLs',
    jwt({ jws: { allowed_algorithms: ['RS256'], keys: { sources: { additional_jkus: [] } } } }),
    https,
    `${base}.jws.keys.sources.additional_jkus`,
    'ERR_NGROK_2237',
  ],
  [
    'jwt issuer with no allow list',
    jwt({ issuer: {} }),
    https,
    `${base}.issuer.allow_list`,
    'ERR_NGROK_2234',
  ],
  [
    'jwt issuer with an empty allow list',
    jwt({ issuer: { allow_list: [] } }),
    https,
    `${base}.issuer.allow_list`,
    'ERR_NGROK_2237',
  ],
  [
    'jwt audience without a value',
    jwt({ audience: { allow_list: [{}] } }),
    https,
    `${base}.audience.allow_list[0]`,
    'ERR_NGROK_2234',
  ],
  ['jwt without issuer', jwt({ issuer: undefined }), https, `${base}.issuer`, 'ERR_NGROK_2234'],
  [
    'restrict-ips with no list',
    tcpPolicy({ type: 'restrict-ips', config: { enforce: true } }),
    tcp,
    'on_tcp_connect[0].actions[0].config',
    'ERR_NGROK_2234',
  ],
  [
    'restrict-ips with an ip_policies entry that is no IP Policy id',
    tcpPolicy({ type: 'restrict-ips', config: { ip_policies: ['office'] } }),
    tcp,
    'on_tcp_connect[0].actions[0].config.ip_policies[0]',
    'ERR_NGROK_2216',
  ],
  [
    'restrict-ips with enforce as text',
    tcpPolicy({ type: 'restrict-ips', config: { enforce: 'yes', allow: ['203.0.113.0/24'] } }),
    tcp,
    'on_tcp_connect[0].actions[0].config.enforce',
    'ERR_NGROK_2203',
  ],
  [
    'terminate-tls with a certificate and no key',
    {
      on_tcp_connect: [{ actions: [{ type: 'terminate-tls', config: { server_certificate: 'PEM' } }] }],
      on_http_request: [{ actions: [httpsForward] }],
    },
    https,
    'on_tcp_connect[0].actions[0].config',
    'ERR_NGROK_2240',
  ],
  [
    'terminate-tls on a tcp endpoint',
    tcpPolicy({ type: 'terminate-tls' }),
    tcp,
    'on_tcp_connect[0].actions[0]',
    'ERR_NGROK_2205',
  ],
];

describe('policy findings carry the ngrok error the docs give', () => {
  it.each(cases)('%s', (_what, policy, ctx, path, code) => {
    const found = validatePolicy(policy, ctx).filter((f) => f.severity === 'error' && f.path === path);
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining(`(${code})`)]);
  });

  it('accepts a complete jwt-validation, keys written as ngrok examples write them or as its table lists them', () => {
    expect(validatePolicy(jwt({}), https)).toEqual([]);
    const listed = jwt({
      jws: {
        allowed_algorithms: ['RS256'],
        keys: [{ sources: [{ additional_jkus: ['https://id.example.com/jwks'] }] }],
      },
    });
    expect(validatePolicy(listed, https)).toEqual([]);
  });
});

describe('header names in expressions', () => {
  it.each([
    ["!hasReqHeader('x-clinic-token')", "hasReqHeader('X-Clinic-Token')"],
    ["!('X-Clinic-Token' in req.headers)", "'x-clinic-token'"],
    ["req.headers['X-Clinic-Token'][0] == 'a'", "'x-clinic-token'"],
  ])('%s is flagged with the form that matches', (expression, fix) => {
    const policy = {
      on_http_request: [
        { expressions: [expression], actions: [{ type: 'deny' }] },
        { actions: [httpsForward] },
      ],
    };
    const findings = validatePolicy(policy, https);
    expect(findings).toEqual([
      {
        path: 'on_http_request[0].expressions[0]',
        severity: 'warning',
        message: expect.stringContaining(fix),
      },
    ]);
  });

  it('leaves the documented forms alone', () => {
    const expressions = ["!hasReqHeader('X-Clinic-Token')", "'x-clinic-token' in req.headers"];
    const policy = {
      on_http_request: [{ expressions, actions: [{ type: 'deny' }] }, { actions: [httpsForward] }],
    };
    expect(validatePolicy(policy, https)).toEqual([]);
  });
});

describe('agent configs', () => {
  const config = (endpoint: Record<string, unknown>) => ({
    version: 3,
    agent: { authtoken: 'x' },
    endpoints: [{ name: 'a', ...endpoint }],
  });

  it.each([
    ['tcp', 'https://10.0.0.5:9000', /raw bytes/],
    ['tls', 'http://10.0.0.5:8443', /raw bytes/],
    ['https', 'tcp://10.0.0.5:8080', /HTTP requests/],
  ])('refuses an upstream scheme that does not fit a %s endpoint', (scheme, upstream, message) => {
    const url = scheme === 'tcp' ? 'tcp://a.c1.internal:9000' : `${scheme}://a.c1.internal`;
    const findings = validateAgentConfig(config({ url, upstream: { url: upstream } }));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([
      { path: 'endpoints[0].upstream.url', severity: 'error', message: expect.stringMatching(message) },
    ]);
  });

  it.each([
    [{ url: 'https://a.c1.internal', upstream: { url: 80 } }, '3.16.0', 'endpoints'],
    [
      { url: 'https://a.c1.internal', upstream: { url: 80 }, traffic_policy: { on_http_request: [] } },
      '3.17.0',
      'endpoints[0].traffic_policy',
    ],
    [
      {
        url: 'tls://a.c1.internal',
        upstream: { url: 8443 },
        agent_tls_termination: { server_certificate: '/c', server_private_key: '/k' },
      },
      '3.19.0',
      'endpoints[0].agent_tls_termination',
    ],
    [
      { url: 'https://a.c1.internal', upstream: { url: 80 }, bindings: ['internal'] },
      '3.20.0',
      'endpoints[0].bindings',
    ],
  ])('minimumAgentVersionFor %j is %s', (endpoint, version, path) => {
    expect(minimumAgentVersionFor(config(endpoint))).toMatchObject({ version, path });
  });

  it('has no minimum for a config without endpoints', () => {
    expect(minimumAgentVersionFor({ version: 3, agent: { authtoken: 'x' }, tunnels: {} })).toBeUndefined();
  });

  it('lint reports the version as information, not as a problem', () => {
    const result = lintText(
      'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {name: a, url: https://a.c1.internal, upstream: {url: 80}}\n',
    );
    expect(result.findings).toEqual([
      {
        path: 'endpoints',
        severity: 'info',
        message: expect.stringMatching(
          /^needs ngrok agent 3\.16\.0 or newer, .*https:\/\/ngrok\.com\/docs\/agent\/changelog/,
        ),
      },
    ]);
  });
});
