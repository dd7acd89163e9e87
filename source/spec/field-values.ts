import { ipFamily } from './ip-family.js';

/** The values single answers-file fields may take, and the checks of those a pattern cannot express. */

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

/** ngrok's reserved-address regions (`region` at https://ngrok.com/docs/api-reference/reservedaddrs/create). */
export const regions = ['us', 'eu', 'ap', 'au', 'sa', 'jp', 'in'] as const;

/** True for an IPv4 or IPv6 CIDR (or a bare address) with a prefix length that fits the family. */
export function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  // An address may carry an IPv6 zone (fe80::1%eth0); a CIDR never has one and ngrok would refuse it.
  if (rest.length > 0 || address.includes('%')) return false;
  const family = ipFamily(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** What is wrong with a network domain, said as what to change: a scheme or upper case are the usual slips. */
export function domainProblem(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    return `drop the scheme: write ${value.replace(/^[^:]+:\/\//, '').replace(/\/.*$/, '')}`;
  if (value !== value.toLowerCase()) return `use lower case: write ${value.toLowerCase()}`;
  return 'must be a domain name such as clinic-network.com';
}

/** What is wrong with a host address (a host name, an ~/.ssh/config Host alias or an IP address), if anything. */
export function hostAddressProblem(value: string): string | undefined {
  if (value.includes('@')) return 'is the host only: put the login name in user';
  if (/^\[.*\]$/.test(value)) return 'write an IPv6 address without brackets, such as fd00::5';
  if (ipFamily(value) !== 0) return undefined;
  if (/^[^:]+:\d+$/.test(value)) return 'is the host only: put the SSH port in port';
  // No leading dash or dot: such a name would read as an option to ssh tools, or is no host at all.
  if (/^[A-Za-z0-9_][A-Za-z0-9._-]{0,252}$/.test(value)) return undefined;
  return 'must be a host name, an IP address or a Host alias from ~/.ssh/config, such as 10.20.0.5';
}
