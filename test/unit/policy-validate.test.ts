import { describe, expect, it } from 'vitest';
import { parsePolicyText } from '../../source/policy/parse.js';
import { type PolicyContext, validatePolicy } from '../../source/policy/validate.js';

const forward = (url: string) => ({ type: 'forward-internal', config: { url } });
const tcpForward = forward('tcp://db.clinic1.internal:1433');
const httpsForward = forward('https://api.clinic1.internal:443');
const tcp: PolicyContext = { scheme: 'tcp', cloud: true };
const https: PolicyContext = { scheme: 'https', cloud: true };
const tls: PolicyContext = { scheme: 'tls', cloud: true };

/** [what, policy, context, path of the expected error, text the message must contain] */
const bad: [string, unknown, PolicyContext, string, string][] = [
  ['not a mapping', ['on_tcp_connect'], tcp, '(top level)', 'ERR_NGROK_2236'],
  ['unknown phase', { on_connect: [{ actions: [tcpForward] }] }, tcp, 'on_connect', 'ERR_NGROK_2230'],
  [
    'http phase on a tcp endpoint',
    { on_http_request: [{ actions: [tcpForward] }] },
    tcp,
    'on_http_request',
    'ERR_NGROK_2230',
  ],
  ['phase not a list', { on_tcp_connect: { actions: [tcpForward] } }, tcp, 'on_tcp_connect', 'list of rules'],
  [
    'rule without actions',
    { on_http_request: [{ expressions: ['true'] }, { actions: [httpsForward] }] },
    https,
    'on_http_request[0].actions',
    'ERR_NGROK_2206',
  ],
  [
    'empty actions',
    { on_tcp_connect: [{ actions: [] }, { actions: [tcpForward] }] },
    tcp,
    'on_tcp_connect[0].actions',
    'ERR_NGROK_2206',
  ],
  [
    'bare action at rule level',
    { on_tcp_connect: [tcpForward] },
    tcp,
    'on_tcp_connect[0]',
    'bare forward-internal',
  ],
  [
    'unknown action type',
    { on_tcp_connect: [{ actions: [{ type: 'forward' }, tcpForward] }] },
    tcp,
    'on_tcp_connect[0].actions[0].type',
    'ERR_NGROK_2201',
  ],
  [
    'action in an unsupported phase',
    {
      on_http_response: [{ actions: [{ type: 'jwt-validation', config: {} }] }],
      on_http_request: [{ actions: [httpsForward] }],
    },
    https,
    'on_http_response[0].actions[0].type',
    'ERR_NGROK_2202',
  ],
  [
    'terminate-tls on tcp',
    { on_tcp_connect: [{ actions: [{ type: 'terminate-tls' }, tcpForward] }] },
    tcp,
    'on_tcp_connect[0].actions[0]',
    'ERR_NGROK_2205',
  ],
  [
    'min_version as a number',
    {
      on_tcp_connect: [
        {
          actions: [
            { type: 'terminate-tls', config: { min_version: 1.3 } },
            forward('tls://db.clinic1.internal:443'),
          ],
        },
      ],
    },
    tls,
    'on_tcp_connect[0].actions[0].config.min_version',
    '"1.3"',
  ],
  [
    'unreachable action after forward',
    { on_tcp_connect: [{ actions: [tcpForward, { type: 'log', config: { metadata: {} } }] }] },
    tcp,
    'on_tcp_connect[0].actions[1]',
    'ERR_NGROK_2207',
  ],
  [
    'unreachable rule after an unconditional forward',
    { on_tcp_connect: [{ actions: [tcpForward] }, { actions: [{ type: 'deny' }] }] },
    tcp,
    'on_tcp_connect[1]',
    'ERR_NGROK_2207',
  ],
  [
    'cloud policy that never forwards',
    { on_tcp_connect: [{ actions: [{ type: 'restrict-ips', config: { allow: ['10.0.0.0/8'] } }] }] },
    tcp,
    'on_tcp_connect',
    'ERR_NGROK_2235',
  ],
  [
    'forward only under a condition',
    { on_tcp_connect: [{ expressions: ['conn.client_ip == "1.2.3.4"'], actions: [tcpForward] }] },
    tcp,
    'on_tcp_connect',
    'ERR_NGROK_2235',
  ],
  [
    'two auth actions',
    {
      on_http_request: [
        {
          actions: [
            { type: 'basic-auth', config: { credentials: ['a:password1'] } },
            { type: 'oauth', config: { provider: 'google' } },
            httpsForward,
          ],
        },
      ],
    },
    https,
    'on_http_request[0].actions[1]',
    'ERR_NGROK_2239',
  ],
  [
    'jwt none algorithm',
    {
      on_http_request: [
        {
          actions: [
            {
              type: 'jwt-validation',
              config: {
                issuer: { allow_list: [{ value: 'https://i' }] },
                http: { tokens: [{ type: 'jwt', method: 'header', name: 'Authorization' }] },
                jws: { allowed_algorithms: ['none'] },
              },
            },
            httpsForward,
          ],
        },
      ],
    },
    https,
    'on_http_request[0].actions[0].config.jws.allowed_algorithms[0]',
    'none',
  ],
  [
    'jwt without tokens',
    {
      on_http_request: [
        {
          actions: [
            {
              type: 'jwt-validation',
              config: {
                issuer: { allow_list: [{ value: 'https://i' }] },
                http: { tokens: [] },
                jws: { allowed_algorithms: ['RS256'] },
              },
            },
            httpsForward,
          ],
        },
      ],
    },
    https,
    'on_http_request[0].actions[0].config.http.tokens',
    'ERR_NGROK_2237',
  ],
  [
    'bad CIDR',
    {
      on_tcp_connect: [
        {
          actions: [
            { type: 'restrict-ips', config: { enforce: true, allow: ['203.0.113.42/33'] } },
            tcpForward,
          ],
        },
      ],
    },
    tcp,
    'on_tcp_connect[0].actions[0].config.allow[0]',
    'CIDR',
  ],
  [
    'restrict-ips with no list',
    { on_tcp_connect: [{ actions: [{ type: 'restrict-ips', config: { enforce: true } }, tcpForward] }] },
    tcp,
    'on_tcp_connect[0].actions[0].config',
    'allow, deny or ip_policies',
  ],
  [
    'forward without url',
    { on_tcp_connect: [{ actions: [{ type: 'forward-internal', config: {} }] }] },
    tcp,
    'on_tcp_connect[0].actions[0].config.url',
    'ERR_NGROK_2234',
  ],
  [
    'forward to a public host',
    { on_tcp_connect: [{ actions: [forward('tcp://db.example.com:1433')] }] },
    tcp,
    'on_tcp_connect[0].actions[0].config.url',
    '.internal',
  ],
  [
    'forward across protocols',
    { on_tcp_connect: [{ actions: [forward('tls://db.clinic1.internal:443')] }] },
    tcp,
    'on_tcp_connect[0].actions[0].config.url',
    'tcp internal endpoint',
  ],
  [
    'tcp forward without a port',
    { on_tcp_connect: [{ actions: [forward('tcp://db.clinic1.internal')] }] },
    tcp,
    'on_tcp_connect[0].actions[0].config.url',
    'port',
  ],
  [
    'config outside config',
    { on_tcp_connect: [{ actions: [{ type: 'forward-internal', url: 'tcp://db.clinic1.internal:1433' }] }] },
    tcp,
    'on_tcp_connect[0].actions[0].url',
    'under config',
  ],
  [
    'deny status as text',
    { on_tcp_connect: [{ actions: [{ type: 'deny', config: { status_code: 'forbidden' } }] }] },
    tcp,
    'on_tcp_connect[0].actions[0].config.status_code',
    'status code',
  ],
];

describe('validatePolicy', () => {
  it.each(bad)('%s', (_what, policy, ctx, path, text) => {
    const errors = validatePolicy(policy, ctx).filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.path)).toContain(path);
    expect(errors.find((f) => f.path === path)?.message).toContain(text);
  });

  it('accepts a forward with on_error: continue only when something else handles the traffic', () => {
    const soft = {
      type: 'forward-internal',
      config: { url: 'tcp://db.clinic1.internal:1433', on_error: 'continue' },
    };
    expect(validatePolicy({ on_tcp_connect: [{ actions: [soft] }] }, tcp).map((f) => f.path)).toEqual([
      'on_tcp_connect',
    ]);
    expect(
      validatePolicy({ on_tcp_connect: [{ actions: [soft, { type: 'close-connection' }] }] }, tcp),
    ).toEqual([]);
  });

  it('does not require a terminating action on an agent (non-cloud) endpoint', () => {
    const policy = {
      on_http_request: [{ actions: [{ type: 'add-headers', config: { headers: { a: 'b' } } }] }],
    };
    expect(validatePolicy(policy, { scheme: 'https', cloud: false })).toEqual([]);
  });

  it('warns about the guide JWT config that needs a body token on every request', () => {
    const jwt = {
      type: 'jwt-validation',
      config: {
        issuer: { allow_list: [{ value: 'https://example.com/issuer' }] },
        http: {
          tokens: [
            { type: 'access_token', method: 'header', name: 'Authorization', prefix: 'Bearer ' },
            { type: 'it+jwt', method: 'body', name: '_id_token' },
          ],
        },
        jws: {
          allowed_algorithms: ['RS256'],
          keys: { sources: { additional_jkus: ['https://example.com/issuer/jku'] } },
        },
      },
    };
    const findings = validatePolicy({ on_http_request: [{ actions: [jwt, httpsForward] }] }, https);
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    expect(findings.map((f) => f.message).join('\n')).toMatch(/401/);
  });
});

describe('parsePolicyText', () => {
  it('reads YAML and JSON alike', () => {
    const yaml = parsePolicyText('on_tcp_connect:\n  - actions:\n      - type: close-connection\n');
    const json = parsePolicyText('{"on_tcp_connect":[{"actions":[{"type":"close-connection"}]}]}');
    expect(yaml).toEqual({
      doc: { on_tcp_connect: [{ actions: [{ type: 'close-connection' }] }] },
      findings: [],
    });
    expect(json.doc).toEqual(yaml.doc);
  });

  it('reports malformed JSON with line and column and the ngrok code', () => {
    const result = parsePolicyText('{\n  "on_tcp_connect": [ { "actions": [] } ], {\n}');
    expect(result.doc).toBeUndefined();
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.path).toBe('2:44');
    expect(result.findings[0]?.message).toContain('ERR_NGROK_2236');
  });

  it('reports a YAML syntax error with its line', () => {
    const result = parsePolicyText('on_tcp_connect:\n  - actions: [\n');
    expect(result.doc).toBeUndefined();
    expect(result.findings[0]?.path).toMatch(/^\d+:\d+$/);
  });
});
