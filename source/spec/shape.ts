import { agentConfigPathPattern, agentConfigPathRule } from '../clinic-record/config-path.js';
import * as z from '../zod.js';
import { serviceApps } from './app.js';
import { atMost, oneOf, spaceless } from './field-checks.js';
import { domainProblem, hostAddressProblem, isCidr, jwsAlgorithms, regions } from './field-values.js';
import { absoluteFilePath, dnsLabel, hostname, maxClinicIdLength } from './patterns.js';
import { parseUrl } from './url.js';

/**
 * The answers file's fields, each with its own rules, and the types read from them. The rules that span several
 * fields (cross-checks.ts) take these types, and schema.ts joins both into the ClinicSpec schema.
 */

// Narrower than RFC 9110 tokens on purpose: the name is placed inside a quoted CEL string in the policy.
const headerName = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

const port = z
  .number({ error: 'must be a port number from 1 to 65535' })
  .check(
    z.int('must be a whole port number from 1 to 65535'),
    z.minimum(1, 'must be a port from 1 to 65535'),
    z.maximum(65535, 'must be a port from 1 to 65535'),
  );

const httpsUrl = z.string().check(
  spaceless,
  z.refine((value: string) => parseUrl(value)?.protocol === 'https:', { error: 'must be an https:// URL' }),
);

/** False only for a `host:port` (an agent connect URL) whose port is out of range; the shape has its own regex. */
function isHostPort(value: string): boolean {
  const match = /^[a-z0-9.-]+:(\d{1,5})$/.exec(value);
  return !match || (Number(match[1]) >= 1 && Number(match[1]) <= 65535);
}

const jwtSchema = z.strictObject({
  issuer: httpsUrl,
  audience: z.optional(
    z
      .string()
      .check(spaceless, z.minLength(1, 'must not be empty: give the audience, or leave audience out')),
  ),
  jwks_url: httpsUrl,
  algorithms: z._default(
    z
      .array(z.enum(jwsAlgorithms, { error: oneOf(`must be one of ${jwsAlgorithms.join(', ')}`) }))
      .check(z.minLength(1, 'list at least one algorithm')),
    ['RS256'],
  ),
});

const publicSchema = z.strictObject({
  /** The public URL, inside network.domain; `reserve` for tcp services asks ngrok for a TCP address. */
  url: z.string().check(spaceless, z.minLength(1, 'give the public URL, or `reserve` for a tcp service')),
  require_header: z.optional(
    z.string().check(spaceless, z.regex(headerName, 'must be an HTTP header name such as example-token')),
  ),
  jwt: z.optional(jwtSchema),
  min_tls: z.optional(z.enum(['1.2', '1.3'], { error: oneOf('must be "1.2" or "1.3" (quote it in YAML)') })),
  allow_ips: z.optional(
    z
      .array(
        z
          .string()
          .check(
            spaceless,
            z.refine(isCidr, { error: 'must be an IPv4 or IPv6 CIDR such as 203.0.113.42/32' }),
          ),
      )
      .check(z.minLength(1, 'list at least one CIDR, or leave allow_ips out')),
  ),
  /** Deliberately no access control on a tcp/tls endpoint: anyone on the internet may connect. */
  allow_anyone: z.optional(z.boolean()),
  /** PostgreSQL on tls:// only: every client opens with TLS (libpq 17+ `sslnegotiation=direct`). */
  direct_tls: z.optional(z.boolean()),
});

const hostFile = z
  .string()
  .check(
    spaceless,
    z.regex(absoluteFilePath, 'must be an absolute file path on the clinic host, such as /etc/ngrok/db.crt'),
  );

/** TLS ended by the agent (https://ngrok.com/docs/agent/config/v3#agent_tls_termination): PEM files on the host. */
const agentTlsSchema = z.strictObject({
  server_certificate: hostFile,
  server_private_key: hostFile,
});

const upstreamRule = 'must be a port (8080), host:port (10.0.0.5:5432) or a URL (http://10.0.0.5:8080)';

// abort: an empty upstream gets this one message, not the cross-field check's as well.
const upstreamSchema = z.union(
  [port, z.string().check(spaceless, z.minLength(1, { error: upstreamRule, abort: true }))],
  { error: oneOf(upstreamRule) },
);

const serviceSchema = z.strictObject({
  name: z
    .string()
    .check(
      spaceless,
      atMost(63),
      z.regex(dnsLabel, 'must be lowercase letters, digits and inner dashes, such as rest-api'),
    ),
  internal_url: z.string().check(
    spaceless,
    z.minLength(1, {
      error: 'give the internal URL, such as https://rest-api.clinic1.internal',
      abort: true,
    }),
  ),
  upstream: upstreamSchema,
  /** What the service speaks; absent, it is read from the upstream's well-known port (5432 is PostgreSQL …). */
  app: z.optional(z.enum(serviceApps, { error: oneOf(`must be one of ${serviceApps.join(', ')}`) })),
  agent_tls: z.optional(agentTlsSchema),
  description: z.optional(z.string().check(atMost(255))),
  public: z.optional(publicSchema),
});

// Address, user and config path go into the clinic record in the credential's metadata, which ngrok caps at 4096
// bytes (https://ngrok.com/docs/api-reference/credentials/create): each has a cap of its own, and the cross-field
// checks measure the whole record.
const hostSchema = z.strictObject({
  address: z.string().check(
    spaceless,
    z.minLength(1, 'give the clinic host name or IP address'),
    atMost(253, ', as a DNS name is'),
    z.superRefine((value: string, ctx) => {
      const problem = value === '' ? undefined : hostAddressProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  ),
  port: z._default(port, 22),
  user: z.string().check(
    spaceless,
    atMost(64),
    // Any case, spelled out: a JSON Schema pattern cannot carry the i flag.
    z.regex(/^[A-Za-z_][A-Za-z0-9_.-]*\$?$/, 'must be a login name such as technician'),
  ),
  config_path: z._default(
    z.string().check(
      spaceless,
      z.regex(agentConfigPathPattern, agentConfigPathRule),
      // Measured as stored (JSON, UTF-8): an accented or escaped character takes more than one byte.
      z.refine(
        (value: string) => Buffer.byteLength(JSON.stringify(value)) <= 1026,
        'must be at most 1024 bytes long',
      ),
    ),
    '/etc/ngrok/ngrok.yml',
  ),
  identity_file: z.optional(
    z
      .string()
      .check(
        spaceless,
        z.minLength(1, 'must not be empty: give the SSH private key file, or leave identity_file out'),
      ),
  ),
  host_key: z.optional(
    z
      .string()
      .check(
        spaceless,
        z.regex(
          /^SHA256:[A-Za-z0-9+/]{43}=?$/,
          'must be an OpenSSH fingerprint such as SHA256:abc… (ssh-keygen -lf)',
        ),
      ),
  ),
});

/** The answers file's shape, field by field, before the cross-field rules. */
export const clinicSpecShape = z.strictObject({
  version: z.literal(1, {
    error: (issue) => (issue.input === undefined ? 'is missing: put `version: 1` at the top' : 'must be 1'),
  }),
  clinic: z.strictObject({
    id: z
      .string()
      .check(
        spaceless,
        atMost(maxClinicIdLength),
        z.regex(dnsLabel, 'must be a DNS label: lowercase letters, digits and inner dashes, such as clinic1'),
      ),
    name: z.string().check(z.minLength(1, 'give the clinic a name'), atMost(200)),
  }),
  network: z.strictObject({
    domain: z.string().check(
      spaceless,
      // A regex rather than a refinement, so the JSON Schema carries the pattern too.
      z.regex(hostname, { error: (issue) => domainProblem(String(issue.input)) }),
    ),
    region: z._default(z.enum(regions, { error: oneOf(`must be one of ${regions.join(', ')}`) }), 'us'),
  }),
  services: z.array(serviceSchema).check(z.minLength(1, 'list at least one service')),
  agent: z._default(
    z.strictObject({
      pooling: z._default(z.boolean(), false),
      connect_url: z.optional(
        z.string().check(
          spaceless,
          z.regex(/^[a-z0-9.-]+:\d{1,5}$/, 'must be host:port such as connect.example.com:443'),
          z.refine(isHostPort, {
            error: 'the port must be from 1 to 65535, such as connect.example.com:443',
          }),
        ),
      ),
    }),
    { pooling: false },
  ),
  host: hostSchema,
  standby_host: z.optional(hostSchema),
});

/** A valid answers file, with defaults filled in: the one description of a clinic that every command consumes. */
export type ClinicSpec = z.output<typeof clinicSpecShape>;
/** One service of a clinic: its internal URL, upstream and optional public endpoint. */
export type ServiceSpec = ClinicSpec['services'][number];
/** The clinic host (or the standby host) the agent runs on and how to reach it over SSH. */
export type HostSpec = ClinicSpec['host'];
/** A service's public cloud endpoint and its options. */
export type PublicSpec = NonNullable<ServiceSpec['public']>;
