import { isIP } from 'node:net';
import * as z from 'zod';
import { checkCrossFields } from './cross-checks.js';
import { absoluteFilePath, dnsLabel, hostname, maxClinicIdLength } from './patterns.js';
import { parseUrl } from './url.js';

export { type ServiceProtocol, serviceProtocol, serviceProtocols } from './url.js';

/**
 * ClinicSpec: the one description of a clinic that every command consumes. The answers file is this shape in
 * YAML or JSON. Every message names what is allowed, because a field technician reads it on site.
 */

// Narrower than RFC 9110 tokens on purpose: the name is placed inside a quoted CEL string in the policy.
const headerName = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** JWS algorithms ngrok's jwt-validation accepts (`none` is not allowed). */
export const jwsAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'HS256',
  'HS384',
  'HS512',
] as const;

/** ngrok's reserved-address regions (facts §2.4). */
export const regions = ['us', 'eu', 'ap', 'au', 'sa', 'jp', 'in'] as const;

const port = z
  .number({ error: 'must be a port number from 1 to 65535' })
  .int('must be a whole port number from 1 to 65535')
  .min(1, 'must be a port from 1 to 65535')
  .max(65535, 'must be a port from 1 to 65535');

const httpsUrl = z.string().refine((value) => parseUrl(value)?.protocol === 'https:', {
  error: 'must be an https:// URL',
});

/** True for an IPv4 or IPv6 CIDR (or a bare address) with a prefix length that fits the family. */
export function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  // Node's isIP accepts an IPv6 zone (fe80::1%eth0); a CIDR never has one and ngrok would refuse it.
  if (rest.length > 0 || address.includes('%')) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** What is wrong with a host address (a host name, an ~/.ssh/config Host alias or an IP address), if anything. */
export function hostAddressProblem(value: string): string | undefined {
  if (value.includes('@')) return 'is the host only: put the login name in user';
  if (/^\[.*\]$/.test(value)) return 'write an IPv6 address without brackets, such as fd00::5';
  if (isIP(value) !== 0) return undefined;
  if (/^[^:]+:\d+$/.test(value)) return 'is the host only: put the SSH port in port';
  // No leading dash or dot: such a name would read as an option to ssh tools, or is no host at all.
  if (/^[A-Za-z0-9_][A-Za-z0-9._-]{0,252}$/.test(value)) return undefined;
  return 'must be a host name, an IP address or a Host alias from ~/.ssh/config, such as 10.20.0.5';
}

/** False only for a `host:port` (an agent connect URL) whose port is out of range; the shape has its own regex. */
function isHostPort(value: string): boolean {
  const match = /^[a-z0-9.-]+:(\d{1,5})$/.exec(value);
  return !match || (Number(match[1]) >= 1 && Number(match[1]) <= 65535);
}

const jwtSchema = z.strictObject({
  issuer: httpsUrl,
  audience: z.string().min(1).optional(),
  jwks_url: httpsUrl,
  algorithms: z
    .array(z.enum(jwsAlgorithms, { error: `must be one of ${jwsAlgorithms.join(', ')}` }))
    .min(1, 'list at least one algorithm')
    .default(['RS256']),
});

const publicSchema = z.strictObject({
  /** The public URL, inside network.domain; `reserve` for tcp services asks ngrok for a TCP address. */
  url: z.string().min(1, 'give the public URL, or `reserve` for a tcp service'),
  require_header: z
    .string()
    .regex(headerName, 'must be an HTTP header name such as example-token')
    .optional(),
  jwt: jwtSchema.optional(),
  min_tls: z.enum(['1.2', '1.3'], { error: 'must be "1.2" or "1.3" (quote it in YAML)' }).optional(),
  allow_ips: z
    .array(z.string().refine(isCidr, { error: 'must be an IPv4 or IPv6 CIDR such as 203.0.113.42/32' }))
    .min(1, 'list at least one CIDR, or leave allow_ips out')
    .optional(),
});

const upstreamSchema = z.union([port, z.string().min(1)], {
  error: 'must be a port (8080), host:port (10.0.0.5:5432) or a URL (http://10.0.0.5:8080)',
});

const serviceSchema = z.strictObject({
  name: z
    .string()
    .max(63, 'must be at most 63 characters')
    .regex(dnsLabel, 'must be lowercase letters, digits and inner dashes, such as rest-api'),
  internal_url: z.string().min(1),
  upstream: upstreamSchema,
  description: z.string().max(255, 'must be at most 255 characters').optional(),
  public: publicSchema.optional(),
});

// Address, user and config path go into the clinic record in the credential's metadata, which ngrok caps at 4096
// bytes (facts §2.2); their length caps keep a record with a standby host well inside it.
const hostSchema = z.strictObject({
  address: z
    .string()
    .min(1, 'give the clinic host name or IP address')
    .max(253, 'must be at most 253 characters, as a DNS name is')
    .superRefine((value, ctx) => {
      const problem = value === '' ? undefined : hostAddressProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  port: port.default(22),
  user: z
    .string()
    .max(64, 'must be at most 64 characters')
    .regex(/^[a-z_][a-z0-9_.-]*\$?$/i, 'must be a login name such as technician'),
  config_path: z
    .string()
    .regex(absoluteFilePath, 'must be an absolute file path such as /etc/ngrok/ngrok.yml')
    // Measured as stored (JSON, UTF-8): an accented or escaped character takes more than one byte.
    .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= 1026, 'must be at most 1024 bytes long')
    .default('/etc/ngrok/ngrok.yml'),
  identity_file: z.string().min(1).optional(),
  host_key: z
    .string()
    .regex(
      /^SHA256:[A-Za-z0-9+/]{43}=?$/,
      'must be an OpenSSH fingerprint such as SHA256:abc… (ssh-keygen -lf)',
    )
    .optional(),
});

const clinicSpecShape = z.strictObject({
  version: z.literal(1, { error: 'must be 1' }),
  clinic: z.strictObject({
    id: z
      .string()
      .max(maxClinicIdLength, `must be at most ${maxClinicIdLength} characters`)
      .regex(dnsLabel, 'must be a DNS label: lowercase letters, digits and inner dashes, such as clinic1'),
    name: z.string().min(1, 'give the clinic a name').max(200),
  }),
  network: z.strictObject({
    domain: z.string().regex(hostname, 'must be a domain name such as clinic-network.com'),
    region: z.enum(regions, { error: `must be one of ${regions.join(', ')}` }).default('us'),
  }),
  services: z.array(serviceSchema).min(1, 'list at least one service'),
  agent: z
    .strictObject({
      pooling: z.boolean().default(false),
      connect_url: z
        .string()
        .regex(/^[a-z0-9.-]+:\d{1,5}$/, 'must be host:port such as connect.example.com:443')
        .refine(isHostPort, { error: 'the port must be from 1 to 65535, such as connect.example.com:443' })
        .optional(),
    })
    .default({ pooling: false }),
  host: hostSchema,
  standby_host: hostSchema.optional(),
});

export const clinicSpecSchema = clinicSpecShape.superRefine(checkCrossFields);

export type ClinicSpec = z.output<typeof clinicSpecShape>;
export type ClinicSpecInput = z.input<typeof clinicSpecSchema>;
export type ServiceSpec = ClinicSpec['services'][number];
export type HostSpec = ClinicSpec['host'];
export type PublicSpec = NonNullable<ServiceSpec['public']>;
