import { stringify } from 'yaml';

/**
 * Valid answers files of unusual shapes, for the end-to-end sweep (valid-inputs.test.ts): each differs from the
 * guide's clinic in some dimension the schema allows. The host section points at the test's clinic host.
 */

/** Where the test's clinic host listens, and the key it accepts. */
export interface TestHostSection {
  address: string;
  port: number;
  user: string;
  identity_file: string;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are free-form data written to a file.
type Answers = Record<string, any>;

/** What the test set up besides the host: a standby host, an address reserved beforehand, the host's key. */
export interface TestExtras {
  standby?: TestHostSection;
  reservedAddr?: string;
  hostKey?: string;
}

export interface ValidCase {
  name: string;
  clinicId: string;
  /** The file's text (YAML or JSON, with its own quirks) for this host. */
  text(host: TestHostSection, extras: TestExtras): string;
  /** The file name; the extension only matters to a human. */
  file: string;
  /** Where the config lands on the host (default /etc/ngrok/ngrok.yml). */
  configPath?: string;
  /** What the case needs set up: a second host, a TCP address reserved beforehand, another login name. */
  needs?: { standby?: true; reservedAddr?: true; user?: string; address?: string };
}

/** A case written as data, serialised as block YAML. */
function yamlCase(
  name: string,
  clinicId: string,
  build: (host: TestHostSection, extras: TestExtras) => Answers,
): ValidCase {
  return { name, clinicId, file: `${name}.yml`, text: (host, extras) => stringify(build(host, extras)) };
}

/** The common frame: version, clinic, network, host; the case supplies services and anything else. */
function clinic(id: string, services: Answers[], extra: Answers = {}): (host: TestHostSection) => Answers {
  return (host) => ({
    version: 1,
    clinic: { id, name: `Clinic ${id}` },
    network: { domain: 'clinic-network.com' },
    services,
    host,
    ...extra,
  });
}

const jwks = {
  issuer: 'https://auth.example.com/',
  jwks_url: 'https://auth.example.com/.well-known/jwks.json',
};
const longId = 'northern-regional-pediatrics-clinic-0042'; // 40 characters

export const validCases: ValidCase[] = [
  yamlCase(
    'http-only',
    'http1',
    clinic('http1', [
      {
        name: 'web',
        internal_url: 'http://web.http1.internal',
        upstream: 80,
        public: { url: 'http://web-http1.clinic-network.com' },
      },
    ]),
  ),
  yamlCase(
    'https-only',
    'https1',
    clinic('https1', [
      {
        name: 'api',
        internal_url: 'https://api.https1.internal',
        upstream: 'https://10.0.0.5:8443',
        public: { url: 'https://api-https1.clinic-network.com' },
      },
    ]),
  ),
  yamlCase(
    'tls-only',
    'tls1',
    clinic('tls1', [
      {
        name: 'pg',
        internal_url: 'tls://pg.tls1.internal',
        upstream: '10.0.0.7:5432',
        public: { url: 'tls://pg-tls1.clinic-network.com' },
      },
    ]),
  ),
  yamlCase(
    'tcp-only-reserve-eu',
    'tcp1',
    clinic(
      'tcp1',
      [
        {
          name: 'mssql',
          internal_url: 'tcp://mssql.tcp1.internal:1433',
          upstream: 'tcp://10.0.0.9:1433',
          public: { url: 'reserve' },
        },
      ],
      { network: { domain: 'clinic-network.com', region: 'eu' } },
    ),
  ),
  yamlCase(
    'no-public-endpoints',
    'private1',
    clinic('private1', [
      { name: 'api', internal_url: 'https://api.private1.internal', upstream: 8080 },
      { name: 'db', internal_url: 'tcp://db.private1.internal:5432', upstream: 5432 },
      { name: 'files', internal_url: 'tls://files.private1.internal:8443', upstream: '127.0.0.1:8443' },
    ]),
  ),
  {
    ...yamlCase('many-services', 'big7', (host, extras) =>
      clinic(
        'big7',
        [
          {
            name: 'api',
            internal_url: 'https://api.big7.internal',
            upstream: 8080,
            public: {
              url: 'https://api-big7.clinic-network.com',
              require_header: 'X-Clinic-Key',
              jwt: { ...jwks, algorithms: ['ES256', 'EdDSA'] },
              min_tls: '1.2',
            },
          },
          {
            name: 'legacy-db',
            internal_url: 'tcp://legacy-db.big7.internal:1521',
            upstream: 1521,
            public: { url: `tcp://${extras.reservedAddr}` },
          },
          {
            name: 'portal',
            internal_url: 'http://portal.big7.internal',
            upstream: 3000,
            public: { url: 'http://portal-big7.clinic-network.com' },
          },
          {
            name: 'pacs',
            internal_url: 'tls://pacs.big7.internal',
            upstream: 'tls://10.1.0.20:2762',
            public: { url: 'tls://pacs-big7.clinic-network.com', min_tls: '1.2' },
          },
          {
            name: 'hl7',
            internal_url: 'tcp://hl7.big7.internal:2575',
            upstream: 2575,
            public: { url: 'reserve', allow_ips: ['198.51.100.0/24'] },
          },
          {
            name: 'mssql',
            internal_url: 'tcp://mssql.big7.internal:1433',
            upstream: 1433,
            public: { url: 'reserve' },
          },
          { name: 'redis', internal_url: 'tcp://redis.big7.internal:6379', upstream: 6379 },
          { name: 'metrics', internal_url: 'http://metrics.big7.internal:9100', upstream: 9100 },
          {
            name: 'admin',
            internal_url: 'https://admin.big7.internal:8443',
            upstream: 'http://10.1.0.2:8080',
            public: {
              url: 'https://admin-big7.clinic-network.com',
              allow_ips: ['203.0.113.0/24'],
              min_tls: '1.3',
            },
          },
        ],
        { network: { domain: 'clinic-network.com', region: 'ap' } },
      )(host),
    ),
    needs: { reservedAddr: true },
  },
  yamlCase(
    'require-header-only',
    'hdr1',
    clinic('hdr1', [
      {
        name: 'api',
        internal_url: 'https://api.hdr1.internal',
        upstream: 8080,
        public: { url: 'https://api-hdr1.clinic-network.com', require_header: 'x_api_token' },
      },
    ]),
  ),
  yamlCase(
    'jwt-no-audience-many-algorithms',
    'jwt1',
    clinic('jwt1', [
      {
        name: 'api',
        internal_url: 'https://api.jwt1.internal',
        upstream: 8080,
        public: {
          url: 'https://api-jwt1.clinic-network.com',
          jwt: { ...jwks, algorithms: ['ES384', 'PS256', 'EdDSA', 'RS512'] },
        },
      },
    ]),
  ),
  yamlCase(
    'jwt-audience-default-algorithms-http',
    'jwt2',
    clinic('jwt2', [
      {
        name: 'fhir',
        internal_url: 'http://fhir.jwt2.internal',
        upstream: 'localhost:8080',
        public: { url: 'http://fhir-jwt2.clinic-network.com', jwt: { ...jwks, audience: 'api://fhir' } },
      },
    ]),
  ),
  yamlCase(
    'header-jwt-ips-tls12-together',
    'all1',
    clinic('all1', [
      {
        name: 'api',
        internal_url: 'https://api.all1.internal',
        upstream: 8080,
        public: {
          url: 'https://api-all1.clinic-network.com',
          require_header: 'example-token',
          jwt: { ...jwks, audience: 'urn:x', algorithms: ['HS256'] },
          min_tls: '1.2',
          allow_ips: ['10.0.0.0/8', '2001:db8::/32'],
        },
      },
    ]),
  ),
  yamlCase(
    'tls13-and-ipv6-only',
    'v6',
    clinic('v6', [
      {
        name: 'pg',
        internal_url: 'tls://pg.v6.internal:5432',
        upstream: 5432,
        public: {
          url: 'tls://pg-v6.clinic-network.com',
          min_tls: '1.3',
          allow_ips: ['2001:db8:1234::/48', 'fe80::1'],
        },
      },
      {
        name: 'db',
        internal_url: 'tcp://db.v6.internal:1521',
        upstream: '[fd00::5]:1521',
        public: { url: 'reserve', allow_ips: ['2001:db8::/32'] },
      },
    ]),
  ),
  yamlCase(
    'zero-cidrs',
    'open1',
    clinic('open1', [
      {
        name: 'api',
        internal_url: 'https://api.open1.internal',
        upstream: 8080,
        public: { url: 'https://api-open1.clinic-network.com', allow_ips: ['0.0.0.0/0', '::/0'] },
      },
      {
        name: 'db',
        internal_url: 'tcp://db.open1.internal:3306',
        upstream: 3306,
        public: { url: 'reserve', allow_ips: ['0.0.0.0/0'] },
      },
    ]),
  ),
  yamlCase(
    'upstream-forms',
    'up1',
    clinic('up1', [
      { name: 'a', internal_url: 'http://a.up1.internal', upstream: 8080 },
      { name: 'b', internal_url: 'http://b.up1.internal', upstream: '8081' },
      { name: 'c', internal_url: 'https://c.up1.internal', upstream: '10.0.0.5:8443' },
      { name: 'd', internal_url: 'https://d.up1.internal', upstream: 'http://10.0.0.5:8080' },
      { name: 'e', internal_url: 'http://e.up1.internal', upstream: 'https://backend.clinic.lan' },
      { name: 'f', internal_url: 'tcp://f.up1.internal:22', upstream: 'tcp://10.0.0.9:22' },
      { name: 'g', internal_url: 'tls://g.up1.internal', upstream: 'tls://10.0.0.9:993' },
    ]),
  ),
  yamlCase(
    'description-255-and-unicode-name',
    'desc1',
    clinic('desc1', [
      {
        name: 'api',
        internal_url: 'https://api.desc1.internal',
        upstream: 8080,
        description: 'D'.repeat(255),
        public: { url: 'https://api-desc1.clinic-network.com' },
      },
      {
        name: 'db',
        internal_url: 'tcp://db.desc1.internal:5432',
        upstream: 5432,
        description: `Base de données « patients » — café №1 ${'é'.repeat(210)}`.slice(0, 255),
        public: { url: 'reserve' },
      },
    ]),
  ),
  {
    ...yamlCase(
      'clinic-id-40-chars',
      longId,
      clinic(longId, [
        {
          name: 'electronic-health-records-api-gateway-v2',
          internal_url: `https://electronic-health-records-api-gateway-v2.${longId}.internal`,
          upstream: 8080,
          public: { url: `https://ehr-${longId}.clinic-network.com` },
        },
        {
          name: 'db',
          internal_url: `tcp://db.${longId}.internal:65535`,
          upstream: 5432,
          public: { url: 'reserve' },
        },
      ]),
    ),
  },
  yamlCase(
    'clinic-id-one-char',
    'x',
    clinic('x', [
      {
        name: 'a',
        internal_url: 'https://a.x.internal',
        upstream: 1,
        public: { url: 'https://a-x.clinic-network.com' },
      },
    ]),
  ),
  yamlCase(
    'digits-everywhere',
    '42',
    clinic(
      '42',
      [
        {
          name: '3d-imaging',
          internal_url: 'https://3d-imaging.42.internal',
          upstream: 8080,
          public: { url: 'https://3d.clinic-2.example-7.org' },
        },
        {
          name: 'db2',
          internal_url: 'tcp://db2.42.internal:50000',
          upstream: 50000,
          public: { url: 'reserve' },
        },
      ],
      { network: { domain: 'clinic-2.example-7.org', region: 'jp' } },
    ),
  ),
  yamlCase(
    'deep-internal-and-public-hosts',
    'deep',
    clinic(
      'deep',
      [
        {
          name: 'api',
          internal_url: 'https://v1.api.east.site.deep.internal',
          upstream: 8080,
          public: { url: 'https://api.deep.clinics.health.example.co.uk' },
        },
      ],
      { network: { domain: 'clinics.health.example.co.uk', region: 'au' } },
    ),
  ),
  yamlCase(
    'pooling-and-connect-url',
    'pool1',
    clinic(
      'pool1',
      [
        {
          name: 'api',
          internal_url: 'https://api.pool1.internal',
          upstream: 8080,
          public: { url: 'https://api-pool1.clinic-network.com' },
        },
        {
          name: 'db',
          internal_url: 'tcp://db.pool1.internal:5432',
          upstream: 5432,
          public: { url: 'reserve' },
        },
      ],
      { agent: { pooling: true, connect_url: 'connect.clinic-network.com:443' } },
    ),
  ),
  {
    ...yamlCase('config-path-elsewhere-region-sa', 'path1', (host) => ({
      ...clinic(
        'path1',
        [
          {
            name: 'db',
            internal_url: 'tcp://db.path1.internal:5432',
            upstream: 5432,
            public: { url: 'reserve' },
          },
        ],
        { network: { domain: 'clinic-network.com', region: 'sa' } },
      )(host),
      host: { ...host, config_path: '/opt/clinic agent/ngrok-v3.yaml' },
    })),
    configPath: '/opt/clinic agent/ngrok-v3.yaml',
  },
  {
    name: 'json-file',
    clinicId: 'json1',
    file: 'json-file.json',
    text: (host) =>
      JSON.stringify(
        clinic('json1', [
          {
            name: 'api',
            internal_url: 'https://api.json1.internal',
            upstream: 8080,
            public: { url: 'https://api-json1.clinic-network.com', min_tls: '1.3' },
          },
          {
            name: 'db',
            internal_url: 'tls://db.json1.internal',
            upstream: 5432,
            public: { url: 'tls://db-json1.clinic-network.com' },
          },
        ])(host),
        null,
        2,
      ),
  },
  {
    name: 'crlf-bom-reordered-flow-style',
    clinicId: 'crlf1',
    file: 'crlf.yaml',
    text: (host) =>
      `\uFEFF${[
        '# keys in another order, flow style, CRLF line ends and a BOM',
        `host: {user: ${host.user}, identity_file: '${host.identity_file}', port: ${host.port}, address: ${host.address}}`,
        'agent: {pooling: false}',
        'services:',
        '  - public: {allow_ips: [203.0.113.42/32], url: reserve}',
        '    upstream: "1433"',
        '    internal_url: tcp://ops.crlf1.internal:1433',
        '    name: ops',
        '  - {upstream: 8080, name: api, internal_url: "https://api.crlf1.internal", public: {url: "https://api-crlf1.clinic-network.com"}}',
        'network: {region: in, domain: clinic-network.com}',
        'clinic: {name: "Clinic: CRLF \\"one\\"", id: crlf1}',
        'version: 1',
      ].join('\r\n')}\r\n`,
  },
  {
    name: 'yaml-anchors-and-comments',
    clinicId: 'anchor1',
    file: 'anchors.yml',
    text: (host) =>
      [
        'version: 1',
        'clinic:',
        '  id: anchor1   # trailing comment',
        "  name: 'Clinique Saint-Étienne #2'",
        'network:',
        '  domain: clinic-network.com',
        'shared_jwt: &jwt null',
        'services:',
        '  - name: api',
        '    internal_url: https://api.anchor1.internal',
        '    upstream: 8080',
        '    public:',
        '      url: https://api-anchor1.clinic-network.com',
        '      jwt: &auth',
        `        issuer: ${jwks.issuer}`,
        `        jwks_url: ${jwks.jwks_url}`,
        '  - name: admin',
        '    internal_url: https://admin.anchor1.internal',
        '    upstream: 8081',
        '    public:',
        '      url: https://admin-anchor1.clinic-network.com',
        '      jwt: *auth',
        'host:',
        `  address: ${host.address}`,
        `  port: ${host.port}`,
        `  user: ${host.user}`,
        `  identity_file: ${host.identity_file}`,
        '',
      ]
        .filter((line) => !line.startsWith('shared_jwt'))
        .join('\n'),
  },
  {
    ...yamlCase('tcp-address-reserved-beforehand', 'own1', (host, extras) =>
      clinic('own1', [
        {
          name: 'db',
          internal_url: 'tcp://db.own1.internal:5432',
          upstream: 5432,
          public: { url: `tcp://${extras.reservedAddr}`, allow_ips: ['192.0.2.10'] },
        },
      ])(host),
    ),
    needs: { reservedAddr: true },
  },
  {
    ...yamlCase('standby-host-pooled', 'duo1', (host, extras) =>
      clinic(
        'duo1',
        [
          {
            name: 'api',
            internal_url: 'https://api.duo1.internal',
            upstream: 8080,
            public: { url: 'https://api-duo1.clinic-network.com' },
          },
          { name: 'db', internal_url: 'tcp://db.duo1.internal:5432', upstream: 5432 },
        ],
        { agent: { pooling: true }, standby_host: extras.standby },
      )(host),
    ),
    needs: { standby: true },
  },
  {
    ...yamlCase('pinned-key-other-user-hostname-path-region', 'pin1', (host, extras) =>
      clinic(
        'pin1',
        [
          {
            name: 'api',
            internal_url: 'https://api.pin1.internal',
            upstream: 8080,
            public: { url: 'https://api-pin1.clinic-network.com', require_header: 'Authorization' },
          },
          {
            name: 'db',
            internal_url: 'tcp://db.pin1.internal:5432',
            upstream: 5432,
            public: { url: 'reserve' },
          },
        ],
        { network: { domain: 'clinic-network.com', region: 'sa' } },
      )({
        ...host,
        host_key: extras.hostKey,
        config_path: '/srv/ngrok agent/clinic.yaml',
      } as TestHostSection),
    ),
    configPath: '/srv/ngrok agent/clinic.yaml',
    needs: { user: 'svc.ngrok-01', address: 'localhost' },
  },
  yamlCase(
    'http-and-https-on-one-host-ipv6-upstream',
    'api',
    clinic('api', [
      {
        name: 'api',
        internal_url: 'https://api.api.internal:443',
        upstream: 'http://[fd00::5]:8080',
        public: { url: 'https://web-api.clinic-network.com' },
      },
      {
        name: 'web',
        internal_url: 'http://web.api.internal:8080',
        upstream: 'https://backend',
        public: { url: 'http://web-api.clinic-network.com' },
      },
      { name: 't', internal_url: 'tls://t.api.internal:443', upstream: 'localhost:993' },
    ]),
  ),
];
