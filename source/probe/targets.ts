import ipaddr from 'ipaddr.js';

const probedSchemes = new Set(['http:', 'https:', 'tcp:', 'tls:']);

/**
 * Why a URL listed by the account is no place to send probes, or undefined when it is one. The account is not
 * trusted: an endpoint URL naming an IP literal, localhost or an internal name would turn probes at this laptop's
 * own network, so only public names on the schemes ngrok serves are probed.
 */
export function unprobeableReason(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (!probedSchemes.has(parsed.protocol)) return `the scheme ${parsed.protocol} is not probed`;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === '' || ipaddr.isValid(host)) return 'its host is an IP address, not a public name';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'its host is this laptop';
  if (host.endsWith('.internal') || !host.includes('.')) return 'its host is not a public name';
  return undefined;
}

/** True when an address lies inside one of the CIDRs (or equals a bare address in the list). */
export function insideAllowList(address: string, allow: string[]): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress())
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  return allow.some((entry) => {
    try {
      const [range, bits] = entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), undefined];
      if (range.kind() !== ip.kind()) return false;
      return ip.match(range, bits ?? (range.kind() === 'ipv4' ? 32 : 128));
    } catch {
      return false;
    }
  });
}
