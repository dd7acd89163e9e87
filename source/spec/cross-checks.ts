import { recordSizeProblem } from '../clinic-record/size.js';
import type * as z from '../zod.js';
import { cidrHostBitsProblem } from './cidr.js';
import { isClinicId } from './patterns.js';
import { checkPublic } from './public-checks.js';
import type { ClinicSpec, ServiceSpec } from './shape.js';
import { transportProblems } from './transport.js';
import { hostProblem, listenAddress, parseUrl, serviceProtocol, upstreamSchemeProblem } from './url.js';

/**
 * Rules that span several fields of an answers file (unique names and URLs, internal URL suffix and scheme, public
 * URL inside the network domain, options that fit the protocol, an endpoint that can carry the application). zod
 * runs them after the shape is valid.
 */

type Ctx = z.core.$RefinementCtx<ClinicSpec>;

/**
 * Adds an issue, with its field path, for every cross-field rule the spec breaks. Rules built on the clinic id or
 * the network domain are skipped when that field is itself invalid: its own message says what to fix, and one
 * message per service built on the bad value would only bury it.
 */
export function checkCrossFields(s: ClinicSpec, ctx: Ctx): void {
  const names = new Set<string>();
  const urls = new Set<string>();
  const listening = new ListenAddresses(ctx);
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
    else listening.add(service.internal_url, at('internal_url'));
    urls.add(service.internal_url);
    checkUpstream(service.upstream, at('upstream'), ctx);
    const protocol = serviceProtocol(service);
    const misfit = protocol && upstreamSchemeProblem(protocol, service.upstream);
    if (misfit) ctx.addIssue({ code: 'custom', path: at('upstream'), message: misfit });
    for (const problem of transportProblems(service, s.clinic.id))
      ctx.addIssue({ code: 'custom', path: at(...problem.path), message: problem.message });
    if (service.public) {
      checkPublic(s, service, at('public'), ctx);
      service.public.allow_ips?.forEach((cidr, i) => {
        const hostBits = cidrHostBitsProblem(cidr);
        if (hostBits) ctx.addIssue({ code: 'custom', path: at('public', 'allow_ips', i), message: hostBits });
      });
      if (service.public.url !== 'reserve') {
        if (urls.has(service.public.url))
          ctx.addIssue({
            code: 'custom',
            path: at('public', 'url'),
            message: 'two endpoints share this public URL; each needs its own',
          });
        else listening.add(service.public.url, at('public', 'url'));
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
  // Another config path on the same machine is no standby: both agents would be installed as the host's one ngrok
  // service, each push replacing the other.
  if (s.standby_host && s.standby_host.address === s.host.address && s.standby_host.port === s.host.port) {
    ctx.addIssue({
      code: 'custom',
      path: ['standby_host', 'address'],
      message: 'is the same machine as host (same address and port); a standby agent needs a second machine',
    });
  }
  // The clinic record goes into the credential's metadata after the cloud resources exist: refuse it now.
  const tooBig = recordSizeProblem(s);
  if (tooBig) ctx.addIssue({ code: 'custom', path: tooBig.path, message: tooBig.message });
}

/**
 * Endpoints by the host and port they listen on. ngrok serves one endpoint per host and port, so
 * https://db.x.internal and tls://db.x.internal (both on 443) cannot both exist.
 */
class ListenAddresses {
  private readonly seen = new Map<string, string>();
  constructor(private readonly ctx: Ctx) {}

  add(rawUrl: string, path: (string | number)[]): void {
    const url = parseUrl(rawUrl);
    if (!url || hostProblem(rawUrl)) return;
    const address = listenAddress(url);
    const first = this.seen.get(address);
    if (first === undefined) this.seen.set(address, rawUrl);
    else
      this.ctx.addIssue({
        code: 'custom',
        path,
        message: `listens on ${address} like ${first}; ngrok serves one endpoint per host and port`,
      });
  }
}

function checkInternalUrl(clinicId: string, service: ServiceSpec, path: (string | number)[], ctx: Ctx): void {
  const url = parseUrl(service.internal_url);
  const example = `https://${service.name}.${clinicId}.internal`;
  if (!url) {
    const port = /:(\d+)(?:\/|$)/.exec(service.internal_url)?.[1];
    const message =
      port && Number(port) > 65535
        ? `port ${port} is out of range: use a port from 1 to 65535`
        : `must be a URL such as ${example}`;
    ctx.addIssue({ code: 'custom', path, message });
    return;
  }
  const protocol = serviceProtocol(service);
  if (!protocol) {
    ctx.addIssue({ code: 'custom', path, message: 'scheme must be http, https, tls or tcp' });
    return;
  }
  const badHost = hostProblem(service.internal_url);
  if (badHost) {
    ctx.addIssue({ code: 'custom', path, message: `${badHost}, such as ${example}` });
  } else if (!isClinicId(clinicId)) {
    // clinic.id has its own message; the suffix it would give is no guide.
  } else if (!url.hostname.endsWith(`.${clinicId}.internal`)) {
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
  if (url.port === '0') ctx.addIssue({ code: 'custom', path, message: 'port must be from 1 to 65535' });
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: 'must be scheme://host[:port] with no path, query, fragment or user',
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
