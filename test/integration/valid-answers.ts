import { clinic, jwks, type TestHostSection, type ValidCase, yamlCase } from './valid-answers-kit.js';
import { protocolCases } from './valid-answers-protocols.js';

export type { TestExtras, TestHostSection, ValidCase } from './valid-answers-kit.js';

const longId = 'northern-regional-pediatrics-clinic-0042'; // 40 characters

/** Valid answers files that vary everything but the protocols: ids, names, domains, hosts, file formats. */
const shapeCases: ValidCase[] = [
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
          public: { url: 'reserve', allow_ips: ['203.0.113.0/24'] },
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
          public: { url: 'reserve', allow_ips: ['203.0.113.0/24'] },
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
          public: { url: 'reserve', allow_ips: ['203.0.113.0/24'] },
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
            public: { url: 'reserve', allow_ips: ['203.0.113.0/24'] },
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
            public: { url: 'tls://db-json1.clinic-network.com', direct_tls: true, allow_anyone: true },
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
            public: { url: 'reserve', allow_ips: ['203.0.113.0/24'] },
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

/**
 * Valid answers files of unusual shapes, for the end-to-end sweep (valid-inputs.test.ts): each differs from the
 * guide's clinic in some dimension the schema allows.
 */
export const validCases: ValidCase[] = [...protocolCases, ...shapeCases];
