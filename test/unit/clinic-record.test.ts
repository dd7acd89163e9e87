import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildClinicRecord } from '../../source/clinic-record/build.js';
import { newestRecord } from '../../source/clinic-record/credentials.js';
import { recordedHosts } from '../../source/clinic-record/hosts.js';
import {
  type ClinicRecord,
  formatClinicRecord,
  metadataLimit,
  readClinicRecord,
  recordBytes,
} from '../../source/clinic-record/record.js';
import { credentialFact } from '../../source/fleet/facts.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { credentialSchema } from '../../source/ngrok/types.js';
import { validateSpec } from '../../source/spec/load.js';
import type { ClinicSpec } from '../../source/spec/schema.js';

// biome-ignore lint/suspicious/noExplicitAny: each case reaches into a different part of the parsed answers.
type Answers = Record<string, any>;
const example = (): Answers => parse(readFileSync('assets/examples/clinic1.yml', 'utf8'));
const fingerprint = `SHA256:${'k'.repeat(43)}`;

function specOf(answers: Answers): ClinicSpec {
  const result = validateSpec(answers);
  if (!('spec' in result)) throw new Error(JSON.stringify(result.issues));
  return result.spec;
}

/** The record onboarding writes for the guide's clinic, its TCP address reserved. */
function guideRecord(): ClinicRecord {
  return buildClinicRecord(specOf(example()), {
    generation: 3,
    hostKeys: { primary: fingerprint },
    reservedAddrs: new Map([
      ['patient-db', '2.tcp.ngrok.io:20001'],
      ['operations-db', '1.tcp.ngrok.io:20000'],
    ]),
  });
}

function credentialWith(metadata: string) {
  return credentialSchema.parse({
    id: 'cr_1',
    created_at: '2026-11-01T00:00:00Z',
    metadata,
    acl: ['bind:*.clinic1.internal'],
  });
}

describe('the clinic record', () => {
  it('reads back what it wrote: name, host with its key, endpoints with public URLs, generation', () => {
    const record = guideRecord();
    const metadata = formatClinicRecord(record);
    expect(JSON.parse(metadata)).toMatchObject({
      clinic_tui: 1,
      role: 'agent-credential',
      version: 1,
      clinic: 'clinic1',
    });
    expect(readClinicRecord(metadata)).toEqual({
      clinic: 'clinic1',
      name: 'Clinic 1',
      generation: 3,
      host: {
        address: '10.20.0.5',
        port: 22,
        user: 'technician',
        config_path: '/etc/ngrok/ngrok.yml',
        host_key: fingerprint,
      },
      endpoints: [
        {
          name: 'rest-api',
          internal_url: 'https://rest-api.clinic1.internal',
          public_url: 'https://api-clinic1.clinic-network.com',
        },
        {
          name: 'patient-db',
          internal_url: 'tcp://patient-db.clinic1.internal:5432',
          public_url: 'tcp://2.tcp.ngrok.io:20001',
        },
        {
          name: 'operations-db',
          internal_url: 'tcp://operations-database.clinic1.internal:1433',
          public_url: 'tcp://1.tcp.ngrok.io:20000',
        },
      ],
    });
  });

  it('never writes the identity file, a path on one laptop only', () => {
    const answers = example();
    answers.host.identity_file = '/home/tech/.ssh/clinic1';
    const record = buildClinicRecord(specOf(answers), {
      generation: 1,
      hostKeys: {},
      reservedAddrs: new Map(),
    });
    expect(formatClinicRecord(record)).not.toContain('identity');
    expect(
      formatClinicRecord({ ...record, host: { ...record.host!, identity_file: 'x' } as never }),
    ).not.toContain('identity');
  });

  it('leaves out the public URL of a TCP address not reserved yet', () => {
    const record = buildClinicRecord(specOf(example()), {
      generation: 1,
      hostKeys: {},
      reservedAddrs: new Map(),
    });
    expect(record.endpoints.find((endpoint) => endpoint.name === 'operations-db')).toEqual({
      name: 'operations-db',
      internal_url: 'tcp://operations-database.clinic1.internal:1433',
    });
  });

  it('reads a record written before it had a version, a name and endpoints', () => {
    const host = { address: '10.0.0.5', port: 22, user: 'tech', config_path: '/etc/ngrok/ngrok.yml' };
    const old = formatTag({ clinic: 'clinic1', role: 'agent-credential', generation: 2, host });
    expect(readClinicRecord(old)).toEqual({ clinic: 'clinic1', generation: 2, host, endpoints: [] });
    const oldest = formatTag({ clinic: 'clinic1', role: 'agent-credential' });
    expect(readClinicRecord(oldest)).toEqual({ clinic: 'clinic1', generation: 1, endpoints: [] });
    expect(recordedHosts(readClinicRecord(old))).toEqual([{ role: 'primary', spec: host }]);
  });

  it.each([
    ['text that is not JSON', '{"clinic_tui":1,'],
    [
      'a port as text',
      formatTag({ clinic: 'c1', role: 'agent-credential', host: { address: 'h', port: '22' } }),
    ],
    ['a host without an address', formatTag({ clinic: 'c1', role: 'agent-credential', host: { port: 22 } })],
    ['endpoints as a mapping', formatTag({ clinic: 'c1', role: 'agent-credential', endpoints: { a: 1 } })],
    ['a generation of zero', formatTag({ clinic: 'c1', role: 'agent-credential', generation: 0 })],
    ['a name that is a number', formatTag({ clinic: 'c1', role: 'agent-credential', name: 7 })],
    ['JSON null', 'null'],
  ])('reads a record with %s as no record', (_what, metadata) => {
    expect(readClinicRecord(metadata)).toBeUndefined();
  });

  it('a tampered record: no hosts to reach, and the fleet still counts the credential, by its id', () => {
    const tampered = formatTag({
      clinic: 'clinic1',
      role: 'agent-credential',
      name: 'Evil',
      host: { address: 7 },
    });
    expect(recordedHosts(readClinicRecord(tampered))).toEqual([]);
    expect(credentialFact(credentialWith(tampered))).toEqual({
      id: 'cr_1',
      clinic: 'clinic1',
      createdAt: '2026-11-01T00:00:00Z',
      hasStandby: false,
      endpoints: [],
    });
  });

  it.each([
    [
      'emptied (it binds anything)',
      [],
      'credential cr_1 has no ACL (it may bind any endpoint), not bind:*.clinic1.internal',
    ],
    [
      'widened',
      ['bind:*.clinic1.internal', 'bind:*.clinic3.internal'],
      'credential cr_1 has ACL bind:*.clinic1.internal, bind:*.clinic3.internal, not bind:*.clinic1.internal',
    ],
    [
      "another clinic's",
      ['bind:*.clinic3.internal'],
      'credential cr_1 has ACL bind:*.clinic3.internal, not bind:*.clinic1.internal',
    ],
  ])('notes an ACL %s for the fleet, saying what differs', (_what, acl, note) => {
    const credential = { ...credentialWith(formatTag({ clinic: 'clinic1', role: 'agent-credential' })), acl };
    expect(credentialFact(credential)?.aclNote).toBe(note);
  });

  // config_path is where root writes and renames: a record that could aim it at any other file is no record.
  it.each([
    ['a file that is not a .yml', '/etc/important/passwd'],
    ['a relative path', 'etc/ngrok/ngrok.yml'],
    ['a .. segment', '/etc/ngrok/../../root/.ssh/x.yml'],
    ['a directory', '/etc/ngrok/'],
  ])('reads a record whose config_path is %s as no record', (_what, config_path) => {
    const host = { address: '10.0.0.5', port: 22, user: 'tech', config_path };
    const metadata = formatTag({ clinic: 'c1', role: 'agent-credential', host });
    expect(readClinicRecord(metadata)).toBeUndefined();
    expect(
      readClinicRecord(
        formatTag({
          clinic: 'c1',
          role: 'agent-credential',
          host: { ...host, config_path: '/etc/ngrok/c1.yaml' },
        }),
      )?.host?.config_path,
    ).toBe('/etc/ngrok/c1.yaml');
  });

  it('is not read from a resource of another role', () => {
    expect(
      readClinicRecord(formatTag({ clinic: 'c1', role: 'cloud-endpoint', service: 'a' })),
    ).toBeUndefined();
  });

  it('gives the fleet the name, the standby and the endpoints', () => {
    const answers = example();
    answers.agent.pooling = true;
    answers.standby_host = { ...answers.host, address: '10.20.0.6' };
    const record = buildClinicRecord(specOf(answers), {
      generation: 1,
      hostKeys: {},
      reservedAddrs: new Map(),
    });
    const fact = credentialFact(credentialWith(formatClinicRecord(record)));
    expect(fact).toMatchObject({ clinic: 'clinic1', name: 'Clinic 1', hasStandby: true, generation: 1 });
    expect(fact?.endpoints.map((endpoint) => endpoint.name)).toEqual([
      'rest-api',
      'patient-db',
      'operations-db',
    ]);
  });

  it('takes the record of the newest generation', () => {
    const record = guideRecord();
    const credentials = [1, 3, 2].map((generation) =>
      credentialWith(formatClinicRecord({ ...record, name: `gen ${generation}`, generation })),
    );
    expect(newestRecord(credentials)?.name).toBe('gen 3');
  });
});

describe('hosts to reach', () => {
  const record = guideRecord();

  it('are the recorded ones, with this laptop identity file; the recorded host key is no pin', () => {
    expect(recordedHosts(record, { identityFile: '/home/tech/.ssh/id' })).toEqual([
      {
        role: 'primary',
        spec: {
          address: '10.20.0.5',
          port: 22,
          user: 'technician',
          config_path: '/etc/ngrok/ngrok.yml',
          identity_file: '/home/tech/.ssh/id',
        },
        // Kept apart from spec.host_key: the account may only narrow host-key trust, never grant it.
        recordedHostKey: fingerprint,
      },
    ]);
  });

  it('are the answers file hosts when one is given, its own identity file kept', () => {
    const answers = example();
    answers.agent.pooling = true;
    answers.host.identity_file = '/keys/primary';
    answers.standby_host = { ...answers.host, address: '10.20.0.6', identity_file: undefined };
    const hosts = recordedHosts(record, { spec: specOf(answers), identityFile: '/keys/laptop' });
    expect(hosts.map((host) => [host.role, host.spec.address, host.spec.identity_file])).toEqual([
      ['primary', '10.20.0.5', '/keys/primary'],
      ['standby', '10.20.0.6', '/keys/laptop'],
    ]);
  });
});

describe('the record fits in the credential metadata', () => {
  it('refuses to write one over the limit', () => {
    const record = { ...guideRecord(), name: 'n'.repeat(metadataLimit) };
    expect(recordBytes(record)).toBeGreaterThan(metadataLimit);
    expect(() => formatClinicRecord(record)).toThrow(/bytes; ngrok keeps 4096/);
  });

  it('counts bytes as stored: a name in a script of 4-byte characters takes 4 bytes each', () => {
    const record = { ...guideRecord(), name: '𝄞'.repeat(10) };
    expect(recordBytes(record)).toBe(Buffer.byteLength(formatClinicRecord(record)));
    expect(recordBytes(record) - recordBytes({ ...record, name: 'x'.repeat(10) })).toBe(30);
  });

  /** The guide clinic with a standby host, every host field and the name as long as each may be on its own. */
  function longestHosts(): Answers {
    const answers = example();
    const host = (label: string) => ({
      address: `${label}${'a'.repeat(252)}`,
      port: 22,
      user: 'u'.repeat(64),
      config_path: `/${'p'.repeat(1019)}.yml`,
    });
    answers.clinic.name = '𝄞'.repeat(200);
    answers.agent.pooling = true;
    answers.host = host('h');
    answers.standby_host = host('s');
    return answers;
  }

  it('refuses answers whose record fits now but not once host keys and the TCP address are filled in', () => {
    const answers = longestHosts();
    const bare = buildClinicRecord(answers as ClinicSpec, {
      generation: 1,
      hostKeys: {},
      reservedAddrs: new Map(),
    });
    expect(recordBytes(bare)).toBeLessThanOrEqual(metadataLimit);
    const result = validateSpec(answers);
    const issues = 'issues' in result ? result.issues : [];
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('host');
    expect(issues[0]?.message).toMatch(/^makes the clinic record too big: \d+ bytes/);
    expect(issues[0]?.message).toContain('ngrok keeps 4096 bytes');
    expect(issues[0]?.message).toContain('shorten its address or config_path');
  });

  it('names the services when they take the room', () => {
    const answers = example();
    for (let i = 0; i < 30; i++) {
      const name = `s${i}-${'x'.repeat(55)}`;
      answers.services.push({ name, internal_url: `https://${name}.clinic1.internal`, upstream: 9000 + i });
    }
    const result = validateSpec(answers);
    const issues = 'issues' in result ? result.issues : [];
    expect(issues.map((issue) => issue.path)).toEqual(['services']);
    expect(issues[0]?.message).toContain('list fewer services');
  });

  it('accepts the same answers without the standby host', () => {
    const answers = longestHosts();
    answers.standby_host = undefined;
    answers.agent.pooling = false;
    expect(validateSpec(answers)).toHaveProperty('spec');
  });
});
