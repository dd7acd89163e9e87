import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  AUTHTOKEN_PLACEHOLDER,
  buildAgentConfig,
  renderAgentConfig,
} from '../../source/agent-config/build.js';
import { diffAgentConfig } from '../../source/agent-config/diff.js';
import { maskSecret } from '../../source/agent-config/mask.js';
import { parseAgentConfig } from '../../source/agent-config/parse.js';
import { validateAgentConfig } from '../../source/agent-config/validate.js';
import { agentTooOld } from '../../source/agent-config/version.js';
import { loadAnswersFile } from '../../source/spec/load.js';
import type { ClinicSpec } from '../../source/spec/schema.js';

const spec = await loadAnswersFile('assets/examples/clinic1.yml');
const token = '2abCDEFghijklmnopqrstuvwx_1234567890XyZ';

describe('buildAgentConfig and renderAgentConfig', () => {
  it('round-trips build → render → parse → validate with no findings', () => {
    const text = renderAgentConfig(buildAgentConfig(spec, token, { metadata: '{"clinic":"clinic1"}' }));
    const parsed = parseAgentConfig(text);
    expect(parsed.findings).toEqual([]);
    expect(validateAgentConfig(parsed.config).filter((f) => f.severity !== 'info')).toEqual([]);
    expect(parsed.config).toEqual({
      version: 3,
      agent: { authtoken: token, metadata: '{"clinic":"clinic1"}' },
      endpoints: [
        { name: 'rest-api', url: 'https://rest-api.clinic1.internal', upstream: { url: 8080 } },
        { name: 'patient-db', url: 'tcp://patient-db.clinic1.internal:5432', upstream: { url: 5432 } },
        {
          name: 'operations-db',
          url: 'tcp://operations-database.clinic1.internal:1433',
          upstream: { url: 1433 },
        },
      ],
    });
  });

  it('puts endpoints at top level and pooling_enabled on each endpoint only when pooling is on', () => {
    const pooled: ClinicSpec = { ...spec, agent: { pooling: true, connect_url: 'connect.example.com:443' } };
    const config = parse(renderAgentConfig(buildAgentConfig(pooled, token)));
    expect(Object.keys(config)).toEqual(['version', 'agent', 'endpoints']);
    expect(config.agent).toEqual({ authtoken: token, connect_url: 'connect.example.com:443' });
    expect(config.endpoints.map((e: { pooling_enabled?: boolean }) => e.pooling_enabled)).toEqual([
      true,
      true,
      true,
    ]);
    expect(buildAgentConfig(spec, token).endpoints.some((e) => 'pooling_enabled' in e)).toBe(false);
  });

  it('keeps the structure when a name holds YAML syntax (the schema refuses it, render must stay safe anyway)', () => {
    const name = 'evil: true\nendpoints: []\n- name: x';
    const hostile: ClinicSpec = {
      ...spec,
      services: [{ ...spec.services[0]!, name, description: '#: {x}' }],
    };
    const config = parse(renderAgentConfig(buildAgentConfig(hostile, 'a"b\'c: d')));
    expect(config.endpoints).toHaveLength(1);
    expect(config.endpoints[0].name).toBe(name);
    expect(config.endpoints[0].description).toBe('#: {x}');
    expect(config.agent.authtoken).toBe('a"b\'c: d');
  });

  it('shows the placeholder, not a token, when rendered for preview', () => {
    const text = renderAgentConfig(buildAgentConfig(spec, AUTHTOKEN_PLACEHOLDER));
    expect(parse(text).agent.authtoken).toBe(AUTHTOKEN_PLACEHOLDER);
  });
});

/** [what, ngrok.yml text, path of the expected error, text the message must contain] */
const bad: [string, string, string, string][] = [
  [
    'endpoints nested under agent',
    'version: 3\nagent:\n  authtoken: x\n  endpoints: []\n',
    'agent.endpoints',
    'top-level',
  ],
  ['missing version', 'agent: {authtoken: x}\nendpoints: []\n', 'version', 'version: 3'],
  ['version 2', 'version: 2\nagent: {authtoken: x}\n', 'version', 'version: 3'],
  [
    'authtoken at top level (v2 style)',
    'version: 3\nauthtoken: x\nagent: {}\n',
    'authtoken',
    'agent.authtoken',
  ],
  [
    'unknown agent key',
    'version: 3\nagent: {authtoken: x, server_addr: a:1}\n',
    'agent.server_addr',
    'not a known',
  ],
  [
    'endpoint without name',
    'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {url: https://a.c.internal, upstream: {url: 80}}\n',
    'endpoints[0].name',
    'required',
  ],
  [
    'endpoint without url',
    'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {name: a, upstream: {url: 80}}\n',
    'endpoints[0].url',
    'required',
  ],
  [
    'endpoint without upstream.url',
    'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {name: a, url: https://a.c.internal, upstream: {}}\n',
    'endpoints[0].upstream.url',
    'required',
  ],
  [
    'tcp internal URL without port',
    'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {name: a, url: tcp://db.c.internal, upstream: {url: 1433}}\n',
    'endpoints[0].url',
    'port',
  ],
  [
    'duplicate names',
    'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {name: a, url: https://a.c.internal, upstream: {url: 80}}\n  - {name: a, url: https://b.c.internal, upstream: {url: 81}}\n',
    'endpoints[1].name',
    'unique',
  ],
  [
    'same URL without pooling',
    'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {name: a, url: https://a.c.internal, upstream: {url: 80}}\n  - {name: b, url: https://a.c.internal, upstream: {url: 81}}\n',
    'endpoints[1].url',
    'ERR_NGROK_334',
  ],
  [
    'unknown endpoint key',
    'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {name: a, url: https://a.c.internal, upstream: {url: 80}, port: 80}\n',
    'endpoints[0].port',
    'not an endpoint key',
  ],
  [
    'upstream port out of range',
    'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {name: a, url: https://a.c.internal, upstream: {url: 70000}}\n',
    'endpoints[0].upstream.url',
    '65535',
  ],
  [
    'policy as a string in ngrok.yml',
    'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {name: a, url: https://a.c.internal, upstream: {url: 80}, traffic_policy: "{}"}\n',
    'endpoints[0].traffic_policy',
    'mapping',
  ],
  [
    'inline policy with a bad phase',
    'version: 3\nagent: {authtoken: x}\nendpoints:\n  - name: a\n    url: tcp://a.c.internal:1\n    upstream: {url: 1}\n    traffic_policy: {on_http_request: [{actions: [{type: deny}]}]}\n',
    'endpoints[0].traffic_policy.on_http_request',
    'ERR_NGROK_2230',
  ],
];

describe('validateAgentConfig', () => {
  it.each(bad)('%s', (_what, text, path, message) => {
    const parsed = parseAgentConfig(text);
    expect(parsed.findings).toEqual([]);
    const errors = validateAgentConfig(parsed.config).filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.path)).toContain(path);
    expect(errors.find((f) => f.path === path)?.message).toContain(message);
  });

  it('accepts two endpoints on one URL when both are pooled', () => {
    const text =
      'version: 3\nagent: {authtoken: x}\nendpoints:\n' +
      '  - {name: a, url: https://a.c.internal, pooling_enabled: true, upstream: {url: 80}}\n' +
      '  - {name: b, url: https://a.c.internal, pooling_enabled: true, upstream: {url: 81}}\n';
    const findings = validateAgentConfig(parseAgentConfig(text).config);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('reports a duplicate YAML key as a syntax finding with its line', () => {
    const parsed = parseAgentConfig('version: 3\nagent: {authtoken: x}\nagent: {authtoken: y}\n');
    expect(parsed.config).toBeUndefined();
    expect(parsed.findings[0]?.path).toBe('3:1');
  });
});

describe('diffAgentConfig', () => {
  const before = renderAgentConfig(buildAgentConfig(spec, token));
  const rotated = 'Zq9abcdefghijklmnopqrstuvwxyz_0987654321Kp7';

  it('shows a rotation as a changed authtoken line with both tokens masked', () => {
    const diff = diffAgentConfig(before, renderAgentConfig(buildAgentConfig(spec, rotated)));
    expect(diff).toContain(`-  authtoken: ${maskSecret(token)}`);
    expect(diff).toContain(`+  authtoken: ${maskSecret(rotated)}`);
    expect(diff).not.toContain(token);
    expect(diff).not.toContain(rotated);
    expect(maskSecret(token)).toBe('2ab…XyZ');
  });

  it('masks tokens even in text that does not parse, and in flow style', () => {
    const broken = `agent: {authtoken: ${token}}\n  bad: [\n`;
    const diff = diffAgentConfig(broken, `version: 3\nagent:\n  "authtoken": '${rotated}'\n`);
    expect(diff).not.toContain(token);
    expect(diff).not.toContain(rotated);
  });

  it('is empty when nothing changed, and shows an endpoint change', () => {
    expect(diffAgentConfig(before, before)).toBe('');
    const fewer: ClinicSpec = { ...spec, services: spec.services.slice(0, 2) };
    const diff = diffAgentConfig(before, renderAgentConfig(buildAgentConfig(fewer, token)));
    expect(diff).toContain('-  - name: operations-db');
    expect(diff).not.toContain(token);
  });
});

describe('the agent version a config needs (doctor checks it)', () => {
  const config = {
    version: 3,
    agent: {},
    endpoints: [{ name: 'a', url: 'https://a.clinic1.internal', upstream: { url: 80 } }],
  };
  it.each([
    ['3.9.0', 'ngrok 3.9.0 is older than 3.16.0, which the top-level endpoints: list (endpoints) needs'],
    ['3.16.0', undefined],
    ['3.22.1-sandbox-simulation', undefined],
    ['not a version', undefined],
  ])('ngrok %s', (version, problem) => {
    expect(agentTooOld(version, config)).toBe(problem);
  });
});
