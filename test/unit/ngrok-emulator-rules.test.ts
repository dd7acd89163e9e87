import { describe, expect, it } from 'vitest';
import { aclAllowsHost, checkAclRules } from '../../source/sandbox/emulator/acl.js';
import { compileFilter } from '../../source/sandbox/emulator/filter.js';
import { EmulatorApiError } from '../../source/sandbox/emulator/http.js';
import { checkCloudPolicy } from '../../source/sandbox/emulator/policy-check.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof EmulatorApiError) return error.errorCode;
    throw error;
  }
  return 'ok';
}

// `acl` at https://ngrok.com/docs/api-reference/credentials/create
describe('ACL rules', () => {
  it.each([
    ['bind:*.clinic1.internal', 'ok'],
    ['bind:api.example.com', 'ok'],
    ['bind:foo=bar', 'ok'],
    ['*', 'ok'],
    ['*.clinic1.internal', 'ERR_NGROK_600'],
    ['bind:a.*.internal', 'ERR_NGROK_600'],
    ['bind:', 'ERR_NGROK_600'],
  ])('%s → %s', (rule, expected) => {
    expect(codeOf(() => checkAclRules([rule]))).toBe(expected);
  });

  it.each([
    [['bind:*.clinic1.internal'], 'rest-api.clinic1.internal', true],
    [['bind:*.clinic1.internal'], 'a.b.clinic1.internal', true],
    [['bind:*.clinic1.internal'], 'rest-api.clinic2.internal', false],
    [['bind:*.clinic1.internal'], 'clinic1.internal', false],
    [['bind:api.example.com'], 'API.example.com', true],
    [['bind:foo=bar'], 'x.example.com', false],
    [[], 'anything.example.com', true],
    [['*'], 'anything.example.com', true],
  ])('%j allows %s: %s', (acl, host, allowed) => {
    expect(aclAllowsHost(acl, host)).toBe(allowed);
  });
});

// https://ngrok.com/docs/api/api-filtering#supported-cel-subset
describe('list filter subset', () => {
  const cloud = {
    type: 'cloud',
    bindings: ['public'],
    metadata: '{"clinic":"clinic1"}',
    principal: { id: 'bot_1' },
  };
  const agent = { type: 'agent', bindings: ['internal'], metadata: '', principal: { id: 'bot_2' } };
  it.each([
    ['obj.type == "cloud"', [true, false]],
    ['obj.type == "agent" || obj.type == "ephemeral"', [false, true]],
    ['"internal" in obj.bindings', [false, true]],
    ['obj.principal.id == "bot_2" && !(obj.type == "cloud")', [false, true]],
    ["obj.type != 'cloud'", [false, true]],
  ])('%s', (expression, expected) => {
    const keep = compileFilter(expression);
    expect([keep(cloud), keep(agent)]).toEqual(expected);
  });

  it('answers a bad expression like ngrok: invalid_cel_expression', () => {
    expect(codeOf(() => compileFilter('obj.type = "cloud"'))).toBe('invalid_cel_expression');
    expect(codeOf(() => compileFilter('type == "cloud"'))).toBe('invalid_cel_expression');
  });

  it('refuses the string functions ngrok lists as "coming soon", as an invalid filter', () => {
    for (const method of ['contains', 'startsWith', 'endsWith'])
      expect(codeOf(() => compileFilter(`obj.metadata.${method}("clinic1")`))).toBe('invalid_cel_expression');
    expect(compileFilter('obj.metadata == "contains(x)"')({ metadata: 'contains(x)' })).toBe(true);
  });
});

// https://ngrok.com/docs/traffic-policy/how-it-works
describe('cloud endpoint Traffic Policy checks', () => {
  const forward = { type: 'forward-internal', config: { url: 'https://rest-api.clinic1.internal' } };
  const yaml =
    'on_http_request:\n  - actions:\n      - type: forward-internal\n        config:\n          url: https://x.internal\n';
  // The guide's TLS policy JSON with the stray object after the actions list (facts, mistake (c)).
  const guideTls =
    '{"on_tcp_connect":[{"actions":[{"type":"terminate-tls","config":{}}]}],{"type":"forward-internal","config":{}}]}]}';
  // The guide's HTTPS policy: a rule with expressions and no actions (facts, mistake (d)).
  const guideHttps = JSON.stringify({
    on_http_request: [{ expressions: ["hasReqHeader('example-token')"] }, { actions: [forward] }],
  });
  it.each([
    ['forward as JSON', JSON.stringify({ on_http_request: [{ actions: [forward] }] }), 'https', 'ok'],
    ['forward as YAML', yaml, 'https', 'ok'],
    ['tcp forward', JSON.stringify({ on_tcp_connect: [{ actions: [forward] }] }), 'tcp', 'ok'],
    [
      'jwt then forward',
      JSON.stringify({ on_http_request: [{ actions: [{ type: 'jwt-validation' }, forward] }] }),
      'https',
      'ok',
    ],
    ['empty', '', 'https', 'ERR_NGROK_2235'],
    ['guide TLS JSON', guideTls, 'tls', 'ERR_NGROK_2236'],
    ['guide HTTPS rule without actions', guideHttps, 'https', 'ERR_NGROK_2206'],
    [
      'unknown action',
      JSON.stringify({ on_http_request: [{ actions: [{ type: 'forward' }] }] }),
      'https',
      'ERR_NGROK_2201',
    ],
    [
      'http phase on tcp',
      JSON.stringify({ on_http_request: [{ actions: [forward] }] }),
      'tcp',
      'ERR_NGROK_2230',
    ],
    [
      'action after deny',
      JSON.stringify({ on_http_request: [{ actions: [{ type: 'deny' }, forward] }] }),
      'https',
      'ERR_NGROK_2207',
    ],
    [
      'only conditional forward',
      JSON.stringify({ on_http_request: [{ expressions: ['true'], actions: [forward] }] }),
      'https',
      'ERR_NGROK_2235',
    ],
    [
      'forward that continues on error',
      JSON.stringify({
        on_http_request: [{ actions: [{ ...forward, config: { ...forward.config, on_error: 'continue' } }] }],
      }),
      'https',
      'ERR_NGROK_2235',
    ],
  ])('%s → %s', (_name, policy, scheme, expected) => {
    expect(codeOf(() => checkCloudPolicy(policy, scheme))).toBe(expected);
  });
});
