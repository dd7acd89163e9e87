import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { AUTHTOKEN_PLACEHOLDER } from '../../source/agent-config/build.js';
import { answersJsonSchema } from '../../source/spec/json-schema.js';
import { runCli } from '../helpers/cli.js';

const slow = { timeout: 120_000 };
const example = 'assets/examples/clinic1.yml';

describe('clinic-tui render', () => {
  const out = mkdtempSync(join(tmpdir(), 'clinic-tui-render-'));

  it(
    'prints ngrok.yml with the token placeholder and each cloud policy, and writes them with --out',
    slow,
    async () => {
      const result = await runCli(['render', '--answers', example, '--out', out], { timeoutMs: 110_000 });
      expect(result.code).toBe(0);
      const docs = parseAllDocuments(result.stdout).map((doc) => doc.toJS());
      expect(docs).toHaveLength(4);
      expect(docs[0].agent.authtoken).toBe(AUTHTOKEN_PLACEHOLDER);
      expect(docs[0].endpoints.map((e: { url: string }) => e.url)).toEqual([
        'https://rest-api.clinic1.internal',
        'tcp://patient-db.clinic1.internal:5432',
        'tcp://operations-database.clinic1.internal:1433',
      ]);
      expect(result.stdout).toContain(
        '# note (services[1].internal_url): patient-db is PostgreSQL (app: postgresql) behind tcp://: ' +
          'PostgreSQL clients ask for TLS in plain text first (STARTTLS)',
      );
      expect(Object.keys(docs[1])).toEqual(['on_http_request']);
      expect(result.stdout).toContain(
        'cloud endpoint https://api-clinic1.clinic-network.com (service rest-api)',
      );
      expect(docs[3].on_tcp_connect[0].actions.at(-1).config.url).toBe(
        'tcp://operations-database.clinic1.internal:1433',
      );
      expect(readdirSync(out).sort()).toEqual([
        'ngrok.yml',
        'operations-db.policy.yml',
        'patient-db.policy.yml',
        'rest-api.policy.yml',
      ]);
    },
  );

  it('its output lints clean, forward targets and the clinic ACL included', slow, async () => {
    const files = readdirSync(out).map((name) => join(out, name));
    const result = await runCli(['lint', '--json', '--acl', 'bind:*.clinic1.internal', ...files], {
      timeoutMs: 110_000,
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    // Nothing wrong; one note, that ngrok.yml's endpoints need an agent of 3.16 or newer.
    expect(report.findings).toEqual([
      expect.objectContaining({ file: join(out, 'ngrok.yml'), path: 'endpoints', severity: 'info' }),
    ]);
    expect(report.files.map((f: { kind: string }) => f.kind).sort()).toEqual([
      'agent-config',
      'policy',
      'policy',
      'policy',
    ]);
  });

  it('--json gives the agent config and each cloud endpoint policy as objects', slow, async () => {
    const result = await runCli(['render', '--answers', example, '--json'], { timeoutMs: 110_000 });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.agent_config.version).toBe(3);
    expect(json.cloud_endpoints.map((e: { url: string }) => e.url)).toEqual([
      'https://api-clinic1.clinic-network.com',
      'reserve',
      'reserve',
    ]);
    expect(json.cloud_endpoints[1].traffic_policy.on_tcp_connect[0].actions).toEqual([
      { type: 'restrict-ips', config: { enforce: true, allow: ['203.0.113.0/24'] } },
      { type: 'forward-internal', config: { url: 'tcp://patient-db.clinic1.internal:5432' } },
    ]);
    expect(json.notes.map((n: { path: string }) => n.path)).toEqual([
      'services[1].internal_url',
      'services[2].internal_url',
    ]);
  });
});

describe('clinic-tui lint exit codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-tui-lint-'));

  it('exit 2 when a file is unreadable or unrecognised; ACL gaps are still reported', slow, async () => {
    writeFileSync(
      join(dir, 'ngrok.yml'),
      'version: 3\nagent: {authtoken: x}\nendpoints:\n  - {name: a, url: https://a.clinic1.internal, upstream: {url: 80}}\n',
    );
    writeFileSync(join(dir, 'notes.yml'), 'shopping: [milk]\n');
    const result = await runCli(
      ['lint', '--acl', 'bind:*.clinic2.internal', 'ngrok.yml', 'notes.yml', 'missing.yml'],
      { cwd: dir, timeoutMs: 110_000 },
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'ngrok.yml:endpoints[0].url: error: https://a.clinic1.internal is outside the ACL',
    );
    expect(result.stderr).toContain('notes.yml: error: not recognised');
    expect(result.stderr).toContain('missing.yml: error: cannot be read: no such file');
  });

  it('exit 2 for a malformed ACL rule, before reading anything', slow, async () => {
    const result = await runCli(['lint', '--acl', 'allow:everything', 'ngrok.yml'], {
      cwd: dir,
      timeoutMs: 110_000,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ERR_NGROK_600');
  });
});

describe('clinic-tui schema', () => {
  it('prints a JSON Schema of the answers file that refuses unknown keys', slow, async () => {
    const result = await runCli(['schema'], { timeoutMs: 110_000 });
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema.$schema).toContain('json-schema.org');
    expect(schema.required).toEqual(
      expect.arrayContaining(['version', 'clinic', 'network', 'services', 'host']),
    );
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.services.items.properties.public.properties.min_tls.enum).toEqual([
      '1.2',
      '1.3',
    ]);
  });

  it(
    'prints, from the bundle, the schema the source computes (the build cannot drift from it)',
    slow,
    async () => {
      const result = await runCli(['schema'], { timeoutMs: 110_000 });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${JSON.stringify(answersJsonSchema())}\n`);
    },
  );
});
