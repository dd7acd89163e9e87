import type { z } from 'zod';
import type { ClinicSpec, ServiceSpec } from './schema.js';
import { parseUrl, serviceProtocol } from './url.js';

/**
 * Rules that span several fields of an answers file (unique names and URLs, internal URL suffix and scheme, public
 * URL inside the network domain, options that fit the protocol). zod runs them after the shape is valid.
 */

type Ctx = z.RefinementCtx;

/** Adds an issue, with its field path, for every cross-field rule the spec breaks. */
export function checkCrossFields(s: ClinicSpec, ctx: Ctx): void {
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
