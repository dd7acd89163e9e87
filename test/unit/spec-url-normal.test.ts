import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateSpec } from '../../source/spec/load.js';
import { normalizeUrl, sameUrl, urlKey } from '../../source/spec/url-normal.js';

describe('normalizeUrl: a URL as ngrok stores it', () => {
  it.each([
    // The API reference's create example: https://…:443 is answered without the port.
    ['https://endpoint-example2.com:443', 'https://endpoint-example2.com'],
    ['http://api.example.com:80', 'http://api.example.com'],
    ['tls://db.example.com:443', 'tls://db.example.com'],
    ['HTTPS://API-Clinic1.Clinic-Network.COM', 'https://api-clinic1.clinic-network.com'],
    ['https://api.example.com/', 'https://api.example.com'],
    ['https://api.example.com:0443/', 'https://api.example.com'],
    ['https://rest-api.clinic1.internal:443', 'https://rest-api.clinic1.internal'],
    // Other ports are the endpoint's identity and stay.
    ['https://api.example.com:8443', 'https://api.example.com:8443'],
    ['http://api.example.com:443', 'http://api.example.com:443'],
    ['tcp://1.tcp.ngrok.io:20000', 'tcp://1.tcp.ngrok.io:20000'],
    ['TCP://Ops.Clinic1.internal:1433', 'tcp://ops.clinic1.internal:1433'],
    // ngrok gives no default port for internal tls: the port stays as written.
    ['tls://patient-db.clinic1.internal:443', 'tls://patient-db.clinic1.internal:443'],
    ['tls://Patient-DB.clinic1.internal', 'tls://patient-db.clinic1.internal'],
    // A path keeps its case; only the trailing slash goes.
    ['https://API.example.com/Docs/', 'https://api.example.com/Docs'],
  ])('%s → %s', (written, stored) => {
    expect(normalizeUrl(written)).toBe(stored);
  });

  it.each([
    'reserve',
    'https://api.example.com?x=1',
    'https://user@api.example.com',
    'https://[fd00::1]:443',
    'https://api example.com',
  ])('leaves %s as written, for the answers checks to judge', (text) => {
    expect(normalizeUrl(text)).toBe(text);
  });
});

describe('sameUrl: one comparison for URLs from the answers file, ngrok.yml and the API', () => {
  it.each([
    ['https://api-clinic1.clinic-network.com:443', 'https://api-clinic1.clinic-network.com'],
    ['https://API-Clinic1.clinic-network.com', 'https://api-clinic1.clinic-network.com/'],
    ['tls://patient-db.clinic1.internal:443', 'tls://patient-db.clinic1.internal'],
    ['tcp://1.tcp.ngrok.io:20000', 'TCP://1.TCP.ngrok.io:20000'],
  ])('%s is %s', (a, b) => {
    expect(sameUrl(a, b)).toBe(true);
    expect(urlKey(a)).toBe(urlKey(b));
  });

  it.each([
    ['https://api.example.com', 'http://api.example.com'],
    ['https://api.example.com', 'https://api.example.com:8443'],
    ['tls://db.clinic1.internal', 'https://db.clinic1.internal'],
    ['tcp://1.tcp.ngrok.io:20000', 'tcp://1.tcp.ngrok.io:20001'],
    ['https://api.example.com/Docs', 'https://api.example.com/docs'],
  ])('%s is not %s', (a, b) => {
    expect(sameUrl(a, b)).toBe(false);
  });
});

describe('answers files are spelled as ngrok stores them when loaded', () => {
  // biome-ignore lint/suspicious/noExplicitAny: the test reaches into the parsed YAML.
  const answers = (): Record<string, any> => parse(readFileSync('assets/examples/clinic1.yml', 'utf8'));

  it('accepts a default port and capitals, and keeps the lower-case spelling without the port', () => {
    const data = answers();
    data.services[0].internal_url = 'HTTPS://REST-API.Clinic1.internal:443/';
    data.services[0].public.url = 'https://API-Clinic1.Clinic-Network.com:443';
    data.services[1].internal_url = 'tls://Patient-DB.clinic1.internal:443';
    data.services[1].public.url = 'TLS://PatientDB-Clinic1.clinic-network.com:443';
    data.services[1].public.direct_tls = true;
    const result = validateSpec(data);
    if (!('spec' in result)) throw new Error(JSON.stringify(result.issues));
    expect(result.spec.services.map((s) => [s.internal_url, s.public?.url])).toEqual([
      ['https://rest-api.clinic1.internal', 'https://api-clinic1.clinic-network.com'],
      ['tls://patient-db.clinic1.internal:443', 'tls://patientdb-clinic1.clinic-network.com'],
      ['tcp://operations-database.clinic1.internal:1433', 'reserve'],
    ]);
    // The JWT issuer is compared with the token's `iss` claim character for character: it is not rewritten.
    expect(result.spec.services[0]!.public?.jwt?.issuer).toBe('https://example.com/issuer');
  });

  it('still refuses a port a public endpoint cannot have', () => {
    const data = answers();
    data.services[0].public.url = 'https://api-clinic1.clinic-network.com:8443';
    const result = validateSpec(data);
    expect('issues' in result && result.issues).toEqual([
      {
        path: 'services[0].public.url',
        message: 'public https endpoints use the default port; remove :8443',
      },
    ]);
  });

  it('finds two services on one endpoint when only the spelling differs', () => {
    const data = answers();
    data.services[1].internal_url = 'tls://REST-API.clinic1.internal:443';
    const result = validateSpec(data);
    expect('issues' in result && result.issues.map((issue) => issue.path)).toContain(
      'services[1].internal_url',
    );
  });
});
