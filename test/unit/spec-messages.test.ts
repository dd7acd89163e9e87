import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswersText, validateSpec } from '../../source/spec/load.js';
import { readConfigFile } from '../../source/spec/read-file.js';

// Each message must say what to change. The answers are the guide clinic's text with one line edited, read by the
// loader's own parser, so YAML's quoting and tags reach the checks as they would from a file.
const example = readFileSync('assets/examples/clinic1.yml', 'utf8');

function issuesOf(text: string): { path: string; message: string }[] {
  const result = validateSpec(parseAnswersText(text, 'answers.yml'));
  return 'issues' in result ? result.issues : [];
}

const edit = (from: string, to: string) => {
  expect(example).toContain(from);
  return example.replace(from, to);
};

const cases: [string, () => string, { path: string; message: string }[]][] = [
  [
    'a space before a public URL',
    () =>
      edit('url: https://api-clinic1.clinic-network.com', 'url: " https://api-clinic1.clinic-network.com"'),
    [
      {
        path: 'services[0].public.url',
        message: 'remove the space before "https://api-clinic1.clinic-network.com"',
      },
    ],
  ],
  [
    'a space after a public URL',
    () =>
      edit('url: https://api-clinic1.clinic-network.com', 'url: "https://api-clinic1.clinic-network.com "'),
    [
      {
        path: 'services[0].public.url',
        message: 'remove the space after "https://api-clinic1.clinic-network.com"',
      },
    ],
  ],
  [
    'a space after the clinic id',
    () => edit('id: clinic1,', 'id: "clinic1 ",'),
    [{ path: 'clinic.id', message: 'remove the space after "clinic1"' }],
  ],
  [
    'spaces around an internal URL',
    () =>
      edit(
        'internal_url: https://rest-api.clinic1.internal',
        'internal_url: "\\thttps://rest-api.clinic1.internal "',
      ),
    [
      {
        path: 'services[0].internal_url',
        message: 'remove the spaces around "https://rest-api.clinic1.internal"',
      },
    ],
  ],
  [
    'a space before an upstream port',
    () => edit('upstream: 8080', 'upstream: " 8080"'),
    [{ path: 'services[0].upstream', message: 'remove the space before "8080"' }],
  ],
  [
    'a space after the region',
    () => edit('region: us}', 'region: "us "}'),
    [{ path: 'network.region', message: 'remove the space after "us"' }],
  ],
  [
    'a space after the login name',
    () => edit('user: technician', 'user: "technician "'),
    [{ path: 'host.user', message: 'remove the space after "technician"' }],
  ],
  [
    'a clinic id of spaces only',
    () => edit('id: clinic1,', 'id: "  ",'),
    [
      {
        path: 'clinic.id',
        message: 'is only spaces: write the value, or leave the key out where it is optional',
      },
    ],
  ],
  [
    'a clinic name of 230 characters',
    () => edit('name: Clinic 1', `name: ${'n'.repeat(230)}`),
    [{ path: 'clinic.name', message: 'must be at most 200 characters (it has 230)' }],
  ],
  [
    'an empty JWT audience',
    () => edit('audience: "urn:example:api"', 'audience: ""'),
    [
      {
        path: 'services[0].public.jwt.audience',
        message: 'must not be empty: give the audience, or leave audience out',
      },
    ],
  ],
  [
    'an empty upstream',
    () => edit('upstream: 8080', 'upstream: ""'),
    [
      {
        path: 'services[0].upstream',
        message: 'must be a port (8080), host:port (10.0.0.5:5432) or a URL (http://10.0.0.5:8080)',
      },
    ],
  ],
  [
    'an empty internal URL',
    () => edit('internal_url: https://rest-api.clinic1.internal', 'internal_url: ""'),
    [
      {
        path: 'services[0].internal_url',
        message: 'give the internal URL, such as https://rest-api.clinic1.internal',
      },
    ],
  ],
  [
    'an empty identity file',
    () => edit('config_path: /etc/ngrok/ngrok.yml}', 'config_path: /etc/ngrok/ngrok.yml, identity_file: ""}'),
    [
      {
        path: 'host.identity_file',
        message: 'must not be empty: give the SSH private key file, or leave identity_file out',
      },
    ],
  ],
  [
    'a !!binary clinic name',
    () => edit('name: Clinic 1', 'name: !!binary Q2xpbmljIDE='),
    [{ path: 'clinic.name', message: 'must be text, not binary data (a !!binary value)' }],
  ],
  [
    'a !!timestamp clinic name',
    () => edit('name: Clinic 1', 'name: !!timestamp 2024-05-01'),
    [{ path: 'clinic.name', message: 'must be text, not a date (a !!timestamp value)' }],
  ],
  [
    'a !!set of allowed addresses',
    () => edit('allow_ips: [203.0.113.0/24]', 'allow_ips: !!set {203.0.113.0/24}'),
    [{ path: 'services[1].public.allow_ips', message: 'must be a list, not a set (a !!set value)' }],
  ],
  [
    'a standby host on the host itself with another config path',
    () =>
      edit('agent: {pooling: false}', 'agent: {pooling: true}').concat(
        'standby_host: {address: 10.20.0.5, port: 22, user: technician, config_path: /etc/ngrok/standby.yml}\n',
      ),
    [
      {
        path: 'standby_host.address',
        message:
          'is the same machine as host (same address and port); a standby agent needs a second machine',
      },
    ],
  ],
];

describe('answers-file messages say what to change', () => {
  it.each(cases)('%s', (_what, text, expected) => {
    expect(issuesOf(text())).toEqual(expected);
  });

  it('a standby host on the same address but another SSH port is a second machine (a forwarded port)', () => {
    const text = edit('agent: {pooling: false}', 'agent: {pooling: true}').concat(
      'standby_host: {address: 10.20.0.5, port: 2222, user: technician}\n',
    );
    expect(issuesOf(text)).toEqual([]);
  });

  it('a login name is any case, as before', () => {
    expect(issuesOf(edit('user: technician', 'user: Technician'))).toEqual([]);
  });

  it('an answers file with CR-only line ends is refused as such, not as empty', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'clinic-tui-cr-')), 'mac.yml');
    writeFileSync(path, example.replaceAll('\n', '\r'));
    expect(await readConfigFile(path)).toEqual({
      problem: 'uses CR line endings (old Mac); save it with LF or CRLF line endings',
    });
  });
});
