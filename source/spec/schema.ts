import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * ClinicSpec: the one description of a clinic that every command consumes. The answers file is this shape in
 * YAML or JSON. Every message names what is allowed, because a field technician reads it on site.
 */

const dnsLabel = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const hostname = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;
// Narrower than RFC 9110 tokens on purpose: the name is placed inside a quoted CEL string in the policy.
const headerName = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** The protocols a clinic service can have; the internal URL's scheme says which. */
export const serviceProtocols = ['http', 'https', 'tls', 'tcp'] as const;
export type ServiceProtocol = (typeof serviceProtocols)[number];

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
  if (rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
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
  description: z.string().max(255).optional(),
  public: publicSchema.optional(),
});

const hostSchema = z.strictObject({
  address: z.string().min(1, 'give the clinic host name or IP address'),
  port: port.default(22),
  user: z.string().regex(/^[a-z_][a-z0-9_.-]*\$?$/i, 'must be a login name such as technician'),
  config_path: z
    .string()
    .regex(/^\/[^\0\n]*[^/]$/, 'must be an absolute file path such as /etc/ngrok/ngrok.yml')
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
      .max(40, 'must be at most 40 characters')
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

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** The protocol of a service, read from its internal URL's scheme. */
export function serviceProtocol(service: Pick<ServiceSpec, 'internal_url'>): ServiceProtocol | undefined {
  const scheme = parseUrl(service.internal_url)?.protocol.replace(/:$/, '');
  return (serviceProtocols as readonly string[]).includes(scheme ?? '')
    ? (scheme as ServiceProtocol)
    : undefined;
}

type Ctx = z.RefinementCtx;

function checkCrossFields(s: ClinicSpec, ctx: Ctx): void {
  const names = new Set<string>();
  const urls = new Set<string>();
  s.services.forEach((service, index) => {
    const at = (...rest: (string | number)[]) => ['services', index, ...rest];
    if (names.has(service.name))
      ctx.addIssue({
        code: 'custom',
        path: at('name'),
        message: `"${service.name}" is used by two services; names must be unique`,
      });
    names.add(service.name);
    checkInternalUrl(s.clinic.id, service, at('internal_url'), ctx);
    if (urls.has(service.internal_url))
      ctx.addIssue({
        code: 'custom',
        path: at('internal_url'),
        message: 'two services share this internal URL; each needs its own',
      });
    urls.add(service.internal_url);
    checkUpstream(service.upstream, at('upstream'), ctx);
    if (service.public) {
      checkPublic(s, service, at('public'), ctx);
      if (service.public.url !== 'reserve') {
        if (urls.has(service.public.url))
          ctx.addIssue({
            code: 'custom',
            path: at('public', 'url'),
            message: 'two endpoints share this public URL; each needs its own',
          });
        urls.add(service.public.url);
      }
    }
  });
  if (s.standby_host && !s.agent.pooling) {
    ctx.addIssue({
      code: 'custom',
      path: ['standby_host'],
      message: 'a standby host needs agent.pooling: true, so both agents can serve the same internal URLs',
    });
  }
}

function checkInternalUrl(clinicId: string, service: ServiceSpec, path: (string | number)[], ctx: Ctx): void {
  const url = parseUrl(service.internal_url);
  const example = `https://${service.name}.${clinicId}.internal`;
  if (!url) {
    ctx.addIssue({ code: 'custom', path, message: `must be a URL such as ${example}` });
    return;
  }
  const protocol = serviceProtocol(service);
  if (!protocol) {
    ctx.addIssue({ code: 'custom', path, message: 'scheme must be http, https, tls or tcp' });
    return;
  }
  if (!url.hostname.endsWith(`.${clinicId}.internal`)) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `host must end in .${clinicId}.internal (the clinic's authtoken may only bind there), such as ${example}`,
    });
  } else if (url.hostname.split('.').length - 2 > 5) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'an internal host may have at most 5 labels before .internal',
    });
  }
  if (protocol === 'tcp' && url.port === '') {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `a tcp internal URL must carry a port, such as tcp://${service.name}.${clinicId}.internal:1433`,
    });
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.username) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'must be scheme://host[:port] with no path, query or user',
    });
  }
}

function checkUpstream(upstream: number | string, path: (string | number)[], ctx: Ctx): void {
  if (typeof upstream === 'number') return;
  if (/^\d+$/.test(upstream)) {
    if (Number(upstream) < 1 || Number(upstream) > 65535)
      ctx.addIssue({ code: 'custom', path, message: 'must be a port from 1 to 65535' });
    return;
  }
  const hostPort = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d+)$/.exec(upstream);
  if (hostPort) {
    const p = Number(hostPort[2]);
    if (p < 1 || p > 65535) ctx.addIssue({ code: 'custom', path, message: 'port must be from 1 to 65535' });
    return;
  }
  const url = parseUrl(upstream);
  if (!url || !['http:', 'https:', 'tcp:', 'tls:'].includes(url.protocol) || url.hostname === '') {
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'must be a port (8080), host:port (10.0.0.5:5432) or a URL (http://10.0.0.5:8080)',
    });
  }
}

function checkPublic(spec: ClinicSpec, service: ServiceSpec, path: (string | number)[], ctx: Ctx): void {
  const pub = service.public!;
  const protocol = serviceProtocol(service);
  if (!protocol) return;
  const httpLike = protocol === 'http' || protocol === 'https';
  if (pub.url === 'reserve') {
    if (protocol !== 'tcp')
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'url'],
        message: '`reserve` is only for tcp services; give an URL inside network.domain',
      });
  } else {
    const url = parseUrl(pub.url);
    const scheme = url?.protocol.replace(/:$/, '');
    if (!url) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'url'],
        message: `must be a URL such as ${protocol}://${service.name}-${spec.clinic.id}.${spec.network.domain}`,
      });
    } else if (protocol === 'tcp') {
      if (scheme !== 'tcp' || url.port === '')
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'url'],
          message: 'a tcp service needs `reserve` or a reserved address such as tcp://1.tcp.ngrok.io:20000',
        });
    } else {
      if (scheme !== protocol)
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'url'],
          message: `scheme must be ${protocol}:// to match the internal URL`,
        });
      const host = url.hostname;
      if (host !== spec.network.domain && !host.endsWith(`.${spec.network.domain}`)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'url'],
          message: `host must be inside network.domain (${spec.network.domain}), such as ${service.name}-${spec.clinic.id}.${spec.network.domain}`,
        });
      } else if (host.endsWith('.internal')) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'url'],
          message: 'a public URL cannot be an .internal host',
        });
      }
      if (url.port !== '')
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'url'],
          message: `public ${protocol} endpoints use the default port; remove :${url.port}`,
        });
      if ((url.pathname !== '/' && url.pathname !== '') || url.search)
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'url'],
          message: 'must be scheme://host with no path or query',
        });
    }
  }
  if (pub.jwt && !httpLike)
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'jwt'],
      message: 'JWT validation works only on http/https services',
    });
  if (pub.require_header && !httpLike)
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'require_header'],
      message: 'a required header works only on http/https services',
    });
  if (pub.min_tls && !(protocol === 'https' || protocol === 'tls'))
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'min_tls'],
      message: 'a minimum TLS version works only on https and tls services',
    });
}
