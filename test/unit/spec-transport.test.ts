import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { lintText } from '../../source/lint/lint-file.js';
import { validateSpec } from '../../source/spec/load.js';
import { runCli } from '../helpers/cli.js';

// Each database goes behind an endpoint that can carry it: ngrok TLS endpoints do not carry protocols that start
// in plain text and upgrade (https://ngrok.com/docs/endpoints/cloud-endpoints/tls#starttls).
const answers = (service: Record<string, unknown>) => ({
  version: 1,
  clinic: { id: 'c1', name: 'C1' },
  network: { domain: 'clinic-network.com' },
  services: [service],
  host: { address: '10.0.0.5', user: 'tech' },
});

const issuesOf = (service: Record<string, unknown>) => {
  const result = validateSpec(answers(service));
  return 'issues' in result ? result.issues : [];
};

const pgOnTls = {
  name: 'pg',
  internal_url: 'tls://pg.c1.internal',
  upstream: 5432,
  public: { url: 'tls://pg-c1.clinic-network.com', allow_ips: ['203.0.113.0/24'] },
};

describe('which endpoint each application may use', () => {
  it.each([
    [
      'PostgreSQL on tls:// (port 5432)',
      pgOnTls,
      'services[0].internal_url',
      /STARTTLS.*use tcp:\/\/pg\.c1\.internal:5432.*public\.direct_tls: true/,
    ],
    [
      'SQL Server on tls:// (app)',
      { name: 'ms', internal_url: 'tls://ms.c1.internal', upstream: '10.0.0.5:14330', app: 'sqlserver' },
      'services[0].internal_url',
      /SQL Server negotiates TLS inside its TDS protocol.*use tcp:\/\/ms\.c1\.internal:14330/,
    ],
    [
      'MySQL on tls:// (port 3306)',
      { name: 'my', internal_url: 'tls://my.c1.internal', upstream: 3306 },
      'services[0].internal_url',
      /MySQL switches to TLS after a plain-text greeting.*tcp:\/\/my\.c1\.internal:3306/,
    ],
    [
      'PostgreSQL on https://',
      { name: 'pg', internal_url: 'https://pg.c1.internal', upstream: 5432 },
      'services[0].internal_url',
      /PostgreSQL does not speak HTTP/,
    ],
    [
      'direct_tls on SQL Server',
      {
        name: 'ms',
        internal_url: 'tcp://ms.c1.internal:1433',
        upstream: 1433,
        public: { url: 'reserve', direct_tls: true },
      },
      'services[0].public.direct_tls',
      /PostgreSQL/,
    ],
    [
      'direct_tls on PostgreSQL over tcp',
      {
        name: 'pg',
        internal_url: 'tcp://pg.c1.internal:5432',
        upstream: 5432,
        public: { url: 'reserve', direct_tls: true },
      },
      'services[0].public.direct_tls',
      /tls:\/\/ service/,
    ],
    [
      'agent_tls on a tcp service',
      {
        name: 'pg',
        internal_url: 'tcp://pg.c1.internal:5432',
        upstream: 5432,
        agent_tls: { server_certificate: '/etc/ngrok/pg.crt', server_private_key: '/etc/ngrok/pg.key' },
      },
      'services[0].agent_tls',
      /only on tls:\/\//,
    ],
    [
      'an https:// upstream on a tcp service',
      { name: 'x', internal_url: 'tcp://x.c1.internal:9000', upstream: 'https://10.0.0.5:9000' },
      'services[0].upstream',
      /raw bytes.*https:\/\//,
    ],
    [
      'an unknown app',
      { ...pgOnTls, app: 'oracle' },
      'services[0].app',
      /postgresql, sqlserver, mysql, http, other/,
    ],
  ])('refuses %s, naming the field', (_what, service, path, message) => {
    const issue = issuesOf(service).find((i) => i.path === path);
    expect(issue?.message).toMatch(message);
  });

  it.each([
    [
      'PostgreSQL on tcp://',
      {
        name: 'pg',
        internal_url: 'tcp://pg.c1.internal:5432',
        upstream: 5432,
        public: { url: 'reserve', allow_ips: ['203.0.113.0/24'] },
      },
    ],
    ['PostgreSQL on tls:// with direct TLS', { ...pgOnTls, public: { ...pgOnTls.public, direct_tls: true } }],
    ['port 5432 on tls:// that is not PostgreSQL', { ...pgOnTls, app: 'other' }],
    ['a TLS service on port 993', { name: 'imaps', internal_url: 'tls://imaps.c1.internal', upstream: 993 }],
  ])('accepts %s', (_what, service) => {
    expect(issuesOf(service)).toEqual([]);
  });
});

describe('the choice, explained', () => {
  it('lint says in one sentence why PostgreSQL is on tcp://, as a note that is no error', () => {
    const text = stringify(
      answers({
        name: 'pg',
        internal_url: 'tcp://pg.c1.internal:5432',
        upstream: 5432,
        public: { url: 'reserve', allow_ips: ['203.0.113.0/24'] },
      }),
    );
    expect(lintText(text).findings).toEqual([
      {
        path: 'services[0].internal_url',
        severity: 'info',
        message: expect.stringMatching(
          /^pg is PostgreSQL \(inferred from upstream port 5432\) behind tcp:\/\/: [^.]*STARTTLS[^.]*\.$/,
        ),
      },
    ]);
  });

  it('render exits 2 for PostgreSQL on tls:// and names the field and why', {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinic-tui-transport-'));
    writeFileSync(join(dir, 'pg.yml'), stringify(answers(pgOnTls)));
    const result = await runCli(['render', '--answers', 'pg.yml'], { cwd: dir, timeoutMs: 110_000 });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /services\[0\]\.internal_url: PostgreSQL clients ask for TLS in plain text first/,
    );
  });
});
