import { clinic, jwks, type ValidCase, yamlCase } from './valid-answers-kit.js';

/** Valid answers files that vary the protocols and each public option (one service, many, none public). */
export const protocolCases: ValidCase[] = [
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
        public: { url: 'tls://pg-tls1.clinic-network.com', direct_tls: true, allow_ips: ['203.0.113.0/24'] },
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
          public: { url: 'reserve', allow_anyone: true },
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
            public: { url: `tcp://${extras.reservedAddr}`, allow_ips: ['203.0.113.0/24'] },
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
            public: {
              url: 'tls://pacs-big7.clinic-network.com',
              min_tls: '1.2',
              allow_ips: ['203.0.113.0/24'],
            },
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
            public: { url: 'reserve', allow_anyone: true },
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
          direct_tls: true,
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
        public: { url: 'reserve', allow_anyone: true },
      },
    ]),
  ),
];
