import type * as z from '../zod.js';
import { hostname } from './patterns.js';
import type { ClinicSpec, PublicSpec, ServiceSpec } from './shape.js';
import { hostProblem, parseUrl, type ServiceProtocol, serviceProtocol } from './url.js';

/** True when a URL has more than scheme://host[:port]: a path, query, fragment or user. */
function hasExtras(url: URL): boolean {
  return (
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== ''
  );
}

/**
 * The rules for a service's public section: the URL fits the protocol and lies inside network.domain (tcp: a
 * reserved address), each option (JWT, required header, minimum TLS) fits the protocol, and a tcp or tls endpoint
 * is either limited to listed addresses or opened to anyone on purpose.
 */
export function checkPublic(
  spec: ClinicSpec,
  service: ServiceSpec,
  path: (string | number)[],
  ctx: z.core.$RefinementCtx<ClinicSpec>,
): void {
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
      if (scheme !== 'tcp' || url.port === '' || hasExtras(url))
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
      const domain = spec.network.domain;
      const badHost = hostProblem(pub.url);
      if (badHost) {
        ctx.addIssue({ code: 'custom', path: [...path, 'url'], message: badHost });
      } else if (!hostname.test(domain)) {
        // network.domain has its own message; membership in a bad domain is no guide.
      } else if (host === domain) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'url'],
          message: `the wildcard *.${domain} does not cover ${domain} itself; use a name such as ${service.name}-${spec.clinic.id}.${domain}`,
        });
      } else if (!host.endsWith(`.${domain}`)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'url'],
          message: `host must be inside network.domain (${domain}), such as ${service.name}-${spec.clinic.id}.${domain}`,
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
      if (hasExtras(url))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'url'],
          message: 'must be scheme://host with no path, query, fragment or user',
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
  checkAccess(pub, protocol, path, ctx);
}

/**
 * A tcp or tls endpoint has one access control ngrok documents, restrict-ips
 * (https://ngrok.com/docs/endpoints/cloud-endpoints/tls#authentication): without allow_ips anyone on the internet
 * reaches the database behind it, so that takes an explicit `allow_anyone: true`.
 */
function checkAccess(
  pub: PublicSpec,
  protocol: ServiceProtocol,
  path: (string | number)[],
  ctx: z.core.$RefinementCtx<ClinicSpec>,
): void {
  if (pub.allow_anyone && pub.allow_ips)
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'allow_anyone'],
      message: 'contradicts allow_ips; keep the allow list, or remove it to let anyone in',
    });
  if ((protocol === 'tcp' || protocol === 'tls') && !pub.allow_ips && !pub.allow_anyone)
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'allow_ips'],
      message: `list the addresses allowed in (such as 203.0.113.42/32): a public ${protocol} endpoint has no other access control. To open it to anyone on the internet, set allow_anyone: true`,
    });
}
