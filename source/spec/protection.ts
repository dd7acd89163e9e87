import type { ServiceSpec } from './shape.js';

/** The words the review shows for an endpoint that anyone on the internet may reach. */
export const openToAnyone = 'OPEN TO ANYONE';

/**
 * Who may reach a service's public endpoint, in words: "header x-clinic-token + JWT from https://… · IPs
 * 203.0.113.42/32", or OPEN TO ANYONE when the answers set no control at all.
 */
export function protectionWords(service: ServiceSpec): string {
  const pub = service.public;
  if (!pub) return 'internal only';
  const checks = [
    ...(pub.require_header ? [`header ${pub.require_header}`] : []),
    ...(pub.jwt ? [`JWT from ${pub.jwt.issuer}`] : []),
  ];
  const groups = [
    ...(checks.length > 0 ? [checks.join(' + ')] : []),
    ...(pub.allow_ips ? [`IPs ${pub.allow_ips.join(', ')}`] : []),
  ];
  return groups.length > 0 ? groups.join(' · ') : openToAnyone;
}
