import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UserError } from '../../source/errors.js';
import { loadAnswersFile, validateSpec } from '../../source/spec/load.js';
import { maxConfigBytes } from '../../source/spec/read-file.js';

// The answers-file inputs found wanting by the bad-input review: each is the guide clinic with one thing wrong,
// the field path the error must name, and a fragment of the message that says what to write instead.
// biome-ignore lint/suspicious/noExplicitAny: each mutation reaches into a different part of the parsed YAML.
type Answers = Record<string, any>;
const example = readFileSync('assets/examples/clinic1.yml', 'utf8');
const base = (): Answers => parse(example);

const bad: [string, (a: Answers) => void, string, string][] = [
  ['SSH port as text', (a) => (a.host.port = '22'), 'host.port', 'port number'],
  [
    'pooling as text',
    (a) => (a.agent.pooling = 'yes'),
    'agent.pooling',
    'must be true or false, not the text "yes"',
  ],
  ['services as a mapping', (a) => (a.services = { a: 1 }), 'services', 'must be a list, not a mapping'],
  ['clinic id as a number', (a) => (a.clinic.id = 9), 'clinic.id', 'must be text, not the number 9'],
  [
    'description over 255',
    (a) => (a.services[0].description = 'd'.repeat(256)),
    'services[0].description',
    'at most 255',
  ],
  [
    'internal host with an underscore',
    (a) => (a.services[0].internal_url = 'https://rest_api.clinic1.internal'),
    'services[0].internal_url',
    '"rest_api" is not a host name label',
  ],
  [
    'percent-encoded tcp internal host',
    (a) => (a.services[2].internal_url = 'tcp://ops%20db.clinic1.internal:1433'),
    'services[2].internal_url',
    'not a host name label',
  ],
  [
    'internal host label over 63 characters',
    (a) => (a.services[0].internal_url = `https://${'a'.repeat(64)}.clinic1.internal`),
    'services[0].internal_url',
    'at most 63',
  ],
  [
    'internal URL with a fragment',
    (a) => (a.services[0].internal_url = 'https://rest-api.clinic1.internal#x'),
    'services[0].internal_url',
    'fragment',
  ],
  [
    'tcp internal URL on port 0',
    (a) => (a.services[2].internal_url = 'tcp://operations-database.clinic1.internal:0'),
    'services[2].internal_url',
    'from 1 to 65535',
  ],
  [
    'https and tls services on the same host (both 443)',
    (a) => {
      a.services[1].internal_url = 'tls://rest-api.clinic1.internal';
    },
    'services[1].internal_url',
    'listens on rest-api.clinic1.internal:443',
  ],
  [
    'public URL on the bare network domain',
    (a) => (a.services[0].public.url = 'https://clinic-network.com'),
    'services[0].public.url',
    'does not cover clinic-network.com itself',
  ],
  [
    'public host with an underscore',
    (a) => (a.services[0].public.url = 'https://api_1.clinic-network.com'),
    'services[0].public.url',
    'not a host name label',
  ],
  [
    'public URL with a fragment',
    (a) => (a.services[0].public.url = 'https://api-clinic1.clinic-network.com#top'),
    'services[0].public.url',
    'fragment',
  ],
  [
    'reserved tcp address with a path',
    (a) => (a.services[2].public.url = 'tcp://1.tcp.ngrok.io:20000/x'),
    'services[2].public.url',
    'reserved address',
  ],
  [
    'IPv6 CIDR with a zone',
    (a) => (a.services[2].public.allow_ips = ['fe80::1%eth0/64']),
    'services[2].public.allow_ips[0]',
    'CIDR',
  ],
  [
    'CIDR with host bits set',
    (a) => (a.services[2].public.allow_ips = ['203.0.113.42/32', '10.0.0.1/8']),
    'services[2].public.allow_ips[1]',
    'did you mean 10.0.0.0/8 or 10.0.0.1/32?',
  ],
  [
    'internal URL port over 65535',
    (a) => (a.services[2].internal_url = 'tcp://operations-database.clinic1.internal:70000'),
    'services[2].internal_url',
    'port 70000 is out of range',
  ],
  [
    'domain typed with a scheme',
    (a) => (a.network.domain = 'https://clinic-network.com/'),
    'network.domain',
    'drop the scheme: write clinic-network.com',
  ],
  [
    'domain in upper case',
    (a) => (a.network.domain = 'Clinic-Network.com'),
    'network.domain',
    'use lower case: write clinic-network.com',
  ],
  ['version missing', (a) => delete a.version, 'version', 'is missing: put `version: 1` at the top'],
  [
    'connect_url port over 65535',
    (a) => (a.agent.connect_url = 'connect.example.com:99999'),
    'agent.connect_url',
    '1 to 65535',
  ],
  [
    'host address with the user',
    (a) => (a.host.address = 'tech@10.0.0.5'),
    'host.address',
    'put the login name in user',
  ],
  [
    'host address with the port',
    (a) => (a.host.address = '10.0.0.5:22'),
    'host.address',
    'put the SSH port in port',
  ],
  [
    'config path too long for the clinic record',
    (a) => (a.host.config_path = `/etc/${'n'.repeat(1100)}/ngrok.yml`),
    'host.config_path',
    'at most 1024 bytes',
  ],
  [
    'config path short in characters but too long as stored',
    (a) => (a.host.config_path = `/etc/${'é'.repeat(600)}/ngrok.yml`),
    'host.config_path',
    'at most 1024 bytes',
  ],
  [
    'host address longer than a DNS name',
    (a) => (a.host.address = `${'a'.repeat(60)}.`.repeat(5)),
    'host.address',
    'at most 253 characters',
  ],
  ['login name too long', (a) => (a.host.user = 'u'.repeat(65)), 'host.user', 'at most 64 characters'],
  ['host address like an option', (a) => (a.host.address = '-oProxyCommand=x'), 'host.address', 'host name'],
  ['host address with a space', (a) => (a.host.address = '10.0.0 .5'), 'host.address', 'host name'],
  [
    'IPv6 host address in brackets',
    (a) => (a.host.address = '[fd00::5]'),
    'host.address',
    'without brackets',
  ],
  [
    'standby host that is the host',
    (a) => {
      a.agent.pooling = true;
      a.standby_host = { ...a.host };
    },
    'standby_host.address',
    'second machine',
  ],
];

const good: [string, (a: Answers) => void][] = [
  ['an IPv6 host address', (a) => (a.host.address = 'fd00::5')],
  ['an ~/.ssh/config alias', (a) => (a.host.address = 'clinic1_gw')],
  [
    'an https internal URL with its own port',
    (a) => (a.services[0].internal_url = 'https://rest-api.clinic1.internal:8443'),
  ],
  [
    'a public URL two levels under the domain',
    (a) => (a.services[0].public.url = 'https://api.c1.clinic-network.com'),
  ],
  [
    'a pooled standby host on a second machine',
    (a) => {
      a.agent.pooling = true;
      a.standby_host = { ...a.host, address: '10.20.0.6' };
    },
  ],
];

describe('answers fields found wanting by the bad-input review', () => {
  it.each(bad)('refuses %s, naming the field and what to write', (_what, mutate, path, fragment) => {
    const answers = base();
    mutate(answers);
    const result = validateSpec(answers);
    const issues = 'issues' in result ? result.issues : [];
    expect(issues.find((issue) => issue.path === path)?.message).toContain(fragment);
  });

  it.each(good)('still accepts %s', (_what, mutate) => {
    const answers = base();
    mutate(answers);
    expect(validateSpec(answers)).toHaveProperty('spec');
  });

  it('a bad clinic id is reported once, not again in every internal URL', () => {
    const answers = base();
    answers.clinic.id = 'Clinic_1';
    const result = validateSpec(answers);
    expect('issues' in result && result.issues.map((issue) => issue.path)).toEqual(['clinic.id']);
  });

  it('a bad network domain is reported once, not again in every public URL', () => {
    const answers = base();
    answers.network.domain = 'clinic network.com';
    const result = validateSpec(answers);
    expect('issues' in result && result.issues.map((issue) => issue.path)).toEqual(['network.domain']);
  });
});

describe('answers files that are not answers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-tui-bad-answers-'));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const aliasBomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
    .concat(
      ['b', 'c', 'd', 'e', 'f'].map(
        (key, i) => `${key}: &${key} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`,
      ),
    )
    .join('\n');
  mkdirSync(join(dir, 'a-directory'));

  const refused: [string, string, string][] = [
    ['an empty file', file('empty.yml', ''), 'is empty'],
    ['only comments', file('comments.yml', '# nothing here\n'), 'is empty'],
    ['a directory', join(dir, 'a-directory'), 'is a directory'],
    ['a missing file', join(dir, 'nope.yml'), 'no such file'],
    [
      'a binary file',
      file('binary.yml', Buffer.from([0x76, 0x3a, 0x00, 0xff, 0xfe, 0x01])),
      'not a text file',
    ],
    [
      'text that is not UTF-8',
      file('latin1.yml', Buffer.from('name: Cl\xednica\n', 'latin1')),
      'not a text file',
    ],
    ['a huge file', file('huge.yml', `${example}#${'x'.repeat(maxConfigBytes)}\n`), 'KiB'],
    // One byte over is not "1024 KiB; … up to 1024 KiB".
    ['a file one byte over', file('over.yml', `#${'x'.repeat(maxConfigBytes - 1)}\n`), 'is 1025 KiB;'],
    ['tab indentation', file('tabs.yml', 'version: 1\nclinic:\n\tid: clinic1\n'), 'Tabs'],
    [
      'an unknown YAML tag',
      file('tag.yml', 'version: 1\nclinic: !!js/function "x"\n'),
      'YAML tag clinic-tui does not read',
    ],
    ['a YAML alias bomb', file('bomb.yml', aliasBomb), 'cannot be read as answers'],
    ['two YAML documents', file('two.yml', `${example}---\n${example}`), 'multiple documents'],
    ['a list at the top', file('list.yml', '- 1\n- 2\n'), '(top level): must be a mapping'],
  ];

  it.each(refused)('refuses %s with a UserError saying so', async (_what, path, fragment) => {
    const error = await loadAnswersFile(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect(String((error as UserError).message)).toContain(fragment);
  });

  it.each([
    ['a UTF-8 byte order mark', `\uFEFF${example}`],
    ['CRLF line ends', example.replaceAll('\n', '\r\n')],
  ])('reads a file with %s like any other', async (_what, text) => {
    const spec = await loadAnswersFile(file('variant.yml', text));
    expect(spec.clinic.id).toBe('clinic1');
    expect(spec.services.map((service) => service.name)).toEqual(['rest-api', 'patient-db', 'operations-db']);
  });
});
