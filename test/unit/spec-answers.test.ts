import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { validateSpec } from '../../source/spec/load.js';
import { runCli } from '../helpers/cli.js';

// Bad answers files, each the guide clinic with one thing wrong, and the field path the error must name.
// biome-ignore lint/suspicious/noExplicitAny: each mutation reaches into a different part of the parsed YAML.
type Answers = Record<string, any>;
const base = (): Answers => parse(readFileSync('assets/examples/clinic1.yml', 'utf8'));
const bad: [string, (a: Answers) => void, string][] = [
  ['clinic id with capitals and _', (a) => (a.clinic.id = 'Clinic_1'), 'clinic.id'],
  ['clinic id over 40 characters', (a) => (a.clinic.id = 'c'.repeat(41)), 'clinic.id'],
  ['upstream port 0', (a) => (a.services[0].upstream = 0), 'services[0].upstream'],
  ['upstream port 70000', (a) => (a.services[0].upstream = 70000), 'services[0].upstream'],
  [
    'upstream host:port out of range',
    (a) => (a.services[0].upstream = '10.0.0.5:70000'),
    'services[0].upstream',
  ],
  [
    'upstream with an unknown scheme',
    (a) => (a.services[0].upstream = 'ftp://10.0.0.5'),
    'services[0].upstream',
  ],
  [
    'CIDR prefix too long',
    (a) => (a.services[2].public.allow_ips = ['203.0.113.42/33']),
    'services[2].public.allow_ips[0]',
  ],
  [
    'CIDR that is not an address',
    (a) => (a.services[2].public.allow_ips = ['clinic-lan']),
    'services[2].public.allow_ips[0]',
  ],
  [
    'https internal URL for the tcp service',
    (a) => (a.services[2].internal_url = 'https://operations-database.clinic1.internal'),
    'services[2].public.url',
  ],
  [
    'internal URL of another clinic',
    (a) => (a.services[0].internal_url = 'https://rest-api.clinic2.internal'),
    'services[0].internal_url',
  ],
  [
    'tcp internal URL without port',
    (a) => (a.services[2].internal_url = 'tcp://operations-database.clinic1.internal'),
    'services[2].internal_url',
  ],
  [
    'internal URL with an unknown scheme',
    (a) => (a.services[0].internal_url = 'ftp://rest-api.clinic1.internal'),
    'services[0].internal_url',
  ],
  [
    'public URL outside the network domain',
    (a) => (a.services[0].public.url = 'https://api-clinic1.example.org'),
    'services[0].public.url',
  ],
  [
    'public URL scheme not the service scheme',
    (a) => (a.services[0].public.url = 'http://api-clinic1.clinic-network.com'),
    'services[0].public.url',
  ],
  [
    'public URL with a path',
    (a) => (a.services[0].public.url = 'https://api-clinic1.clinic-network.com/v1'),
    'services[0].public.url',
  ],
  [
    'tcp public URL that is neither reserve nor tcp://addr',
    (a) => (a.services[2].public.url = 'operations.clinic-network.com'),
    'services[2].public.url',
  ],
  ['duplicate service names', (a) => (a.services[1].name = 'rest-api'), 'services[1].name'],
  [
    'duplicate internal URLs',
    (a) => (a.services[1].internal_url = a.services[0].internal_url),
    'services[1].internal_url',
  ],
  ['name with YAML-special characters', (a) => (a.services[0].name = 'rest: api\n- x'), 'services[0].name'],
  ['missing host address', (a) => delete a.host.address, 'host.address'],
  ['missing host section', (a) => delete a.host, 'host'],
  ['no services', (a) => (a.services = []), 'services'],
  ['unknown key in a service', (a) => (a.services[0].port = 8080), 'services[0].port'],
  ['unknown top-level key', (a) => (a.clinics = []), 'clinics'],
  ['version 2', (a) => (a.version = 2), 'version'],
  [
    'JWT issuer over http',
    (a) => (a.services[0].public.jwt.issuer = 'http://example.com/issuer'),
    'services[0].public.jwt.issuer',
  ],
  [
    'JWT algorithm none',
    (a) => (a.services[0].public.jwt.algorithms = ['none']),
    'services[0].public.jwt.algorithms[0]',
  ],
  ['min_tls as a YAML number', (a) => (a.services[1].public.min_tls = 1.3), 'services[1].public.min_tls'],
  [
    'required header on a tcp service',
    (a) => (a.services[2].public.require_header = 'x-token'),
    'services[2].public.require_header',
  ],
  [
    'header name that would break the CEL string',
    (a) => (a.services[0].public.require_header = "x')||true||('"),
    'services[0].public.require_header',
  ],
  [
    'standby host without pooling',
    (a) => (a.standby_host = { ...a.host, address: '10.20.0.6' }),
    'standby_host',
  ],
  ['SSH port 0', (a) => (a.host.port = 0), 'host.port'],
  ['relative config path', (a) => (a.host.config_path = 'ngrok.yml'), 'host.config_path'],
  [
    'config path with a .. segment',
    (a) => (a.host.config_path = '/etc/ngrok/../shadow.yml'),
    'host.config_path',
  ],
  ['config path that is not a .yml file', (a) => (a.host.config_path = '/etc/passwd'), 'host.config_path'],
  [
    'standby config path not a .yaml file',
    (a) => (a.standby_host = { ...a.host, config_path: '/etc/x.conf' }),
    'standby_host.config_path',
  ],
  ['malformed host key pin', (a) => (a.host.host_key = 'MD5:aa:bb'), 'host.host_key'],
  ['network domain with a space', (a) => (a.network.domain = 'clinic network.com'), 'network.domain'],
  ['unknown region', (a) => (a.network.region = 'mars'), 'network.region'],
  [
    'connect_url given as a URL',
    (a) => (a.agent.connect_url = 'https://connect.example.com'),
    'agent.connect_url',
  ],
];

describe('answers file validation', () => {
  it('accepts the guide clinic example', () => {
    expect(validateSpec(base())).toHaveProperty('spec');
  });

  it.each(bad)('refuses %s', (_what, mutate, path) => {
    const answers = base();
    mutate(answers);
    const result = validateSpec(answers);
    expect('issues' in result ? result.issues.map((i) => i.path) : []).toContain(path);
  });

  it('has at least 25 cases', () => {
    expect(bad.length).toBeGreaterThanOrEqual(25);
  });
});

describe('render --answers with a bad file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-tui-answers-'));
  const cliCases = bad.filter(([what]) =>
    [
      'upstream port 70000',
      'CIDR prefix too long',
      'unknown key in a service',
      'missing host address',
    ].includes(what),
  );

  // A handful through the real CLI (slow: one process each); the table above covers the rest in-process.
  it.each(cliCases)(
    '%s: exit 2, the field named on stderr, nothing on stdout',
    { timeout: 120_000 },
    async (what, mutate, path) => {
      const answers = base();
      mutate(answers);
      const file = join(dir, `${what.replaceAll(' ', '-')}.yml`);
      writeFileSync(file, stringify(answers));
      const result = await runCli(['render', '--answers', file], { timeoutMs: 110_000 });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${path}:`);
      expect(result.stdout).toBe('');
    },
  );

  it('a file with a YAML syntax error: exit 2 with what to do', { timeout: 120_000 }, async () => {
    const broken = join(dir, 'broken.yml');
    writeFileSync(broken, 'version: 1\nclinic: {id: clinic1\n');
    const syntax = await runCli(['render', '--answers', broken], { timeoutMs: 110_000 });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toContain('is not valid YAML or JSON');
  });

  it('no file at all: exit 2 with what to do', { timeout: 120_000 }, async () => {
    const missing = await runCli(['render', '--answers', join(dir, 'nope.yml')], { timeoutMs: 110_000 });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
  });
});
