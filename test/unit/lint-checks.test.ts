import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../source/errors.js';
import { aclCovers, checkAclCoverage, parseAclRules } from '../../source/lint/acl.js';
import { crossCheckForwards } from '../../source/lint/cross-check.js';
import { lintText } from '../../source/lint/lint-file.js';

describe('ACL coverage', () => {
  it.each([
    ['bind:*.clinic1.internal', 'https://rest-api.clinic1.internal', true],
    ['bind:*.clinic1.internal', 'tcp://operations-database.clinic1.internal:1433', true],
    ['bind:*.clinic1.internal', 'https://a.b.clinic1.internal', true],
    ['bind:*.clinic1.internal', 'https://rest-api.clinic2.internal', false],
    ['bind:*.clinic1.internal', 'https://evilclinic1.internal', false],
    ['bind:rest-api.clinic1.internal', 'https://rest-api.clinic1.internal', true],
    ['bind:rest-api.clinic1.internal', 'https://db.clinic1.internal', false],
    ['*', 'https://anything.example.com', true],
  ])('%s covers %s: %s', (rule, url, expected) => {
    expect(aclCovers(rule, url)).toBe(expected);
  });

  it('reports each uncovered endpoint at its own path', () => {
    const findings = checkAclCoverage(
      ['bind:*.clinic1.internal'],
      [
        { url: 'https://a.clinic1.internal', path: 'endpoints[0].url' },
        { url: 'https://b.clinic2.internal', path: 'endpoints[1].url' },
      ],
    );
    expect(findings.map((f) => f.path)).toEqual(['endpoints[1].url']);
    expect(findings[0]?.message).toContain('ERR_NGROK_316');
  });

  it('refuses rules ngrok would refuse', () => {
    expect(() => parseAclRules(['connect:*'])).toThrow(UserError);
    expect(parseAclRules(['bind:*.clinic1.internal', '*'])).toHaveLength(2);
  });
});

describe('forward target cross-check', () => {
  const agent = {
    file: 'ngrok.yml',
    endpoints: [{ url: 'https://api.clinic1.internal', path: 'endpoints[0].url' }],
    forwards: [],
  };

  it('treats the default port as written out: https://x matches https://x:443', () => {
    const policy = {
      file: 'p.yml',
      endpoints: [],
      forwards: [{ url: 'https://api.clinic1.internal:443', path: 'x' }],
    };
    expect(crossCheckForwards([agent, policy])).toEqual([]);
  });

  it('names the scheme mismatch when only the scheme differs', () => {
    const policy = {
      file: 'p.yml',
      endpoints: [],
      forwards: [{ url: 'tls://api.clinic1.internal:443', path: 'x' }],
    };
    const [result] = crossCheckForwards([agent, policy]);
    expect(result?.file).toBe('p.yml');
    expect(result?.finding.message).toContain('a different scheme');
  });

  it('stays quiet when no file defines agent endpoints', () => {
    const policy = {
      file: 'p.yml',
      endpoints: [],
      forwards: [{ url: 'tcp://db.clinic1.internal:1', path: 'x' }],
    };
    expect(crossCheckForwards([policy])).toEqual([]);
  });
});

describe('lintText recognition', () => {
  it('lints an answers file with the same field paths as the loader', () => {
    const text = readFileSync('assets/examples/clinic1.yml', 'utf8').replace('upstream: 8080', 'upstream: 0');
    const result = lintText(text);
    expect(result.kind).toBe('answers');
    expect(result.findings.map((f) => f.path)).toEqual(['services[0].upstream']);
  });

  it('a clean answers file contributes its internal URLs as agent endpoints', () => {
    const result = lintText(readFileSync('assets/examples/clinic1.yml', 'utf8'));
    expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(result.endpoints.map((e) => e.url)).toContain('tcp://operations-database.clinic1.internal:1433');
  });

  it('flags a bare reserved address as url and a policy object instead of a string', () => {
    const result = lintText(
      JSON.stringify({ type: 'cloud', url: '1.tcp.ngrok.io:20000', traffic_policy: {} }),
    );
    expect(result.kind).toBe('request-body');
    expect(result.findings.map((f) => f.message)).toEqual([
      'a reserved TCP address needs the scheme: tcp://1.tcp.ngrok.io:20000',
      'must be a non-empty string holding the policy as JSON or YAML',
    ]);
  });

  it('checks a YAML policy string inside a request body against the endpoint scheme', () => {
    const policy =
      'on_http_request:\n  - actions:\n      - type: forward-internal\n        config: {url: "tcp://db.clinic1.internal:1"}\n';
    const result = lintText(
      JSON.stringify({ type: 'cloud', url: 'tcp://1.tcp.ngrok.io:20000', traffic_policy: policy }),
    );
    expect(result.findings.map((f) => f.path)).toContain('traffic_policy.on_http_request');
  });

  it('refuses a YAML tag in a policy, as in an answers file, at its line and column', () => {
    const policy = 'on_http_request:\n  - actions:\n      - type: !custom deny\n';
    const result = lintText(policy);
    expect(result.kind).toBe('policy');
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        path: '3:15',
        severity: 'error',
        message: expect.stringContaining('uses a YAML tag clinic-tui does not read (Unresolved tag: !custom'),
      }),
    );
  });

  it('does not recognise unrelated data', () => {
    expect(lintText('- a\n- b\n').kind).toBeUndefined();
    expect(lintText('name: x\n').kind).toBeUndefined();
  });
});
