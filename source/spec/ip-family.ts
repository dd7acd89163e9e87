import ipaddr from 'ipaddr.js';

/**
 * 4 or 6 for an IP address as Node's net.isIP reads it (an IPv6 zone such as %eth0 included), 0 for anything else.
 * Read with ipaddr.js rather than node:net: net's IPv6 pattern takes V8 some 8 ms to compile on its first use,
 * which every check of an answers file or policy would pay.
 */
export function ipFamily(value: string): 0 | 4 | 6 {
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return 4;
  const [address = '', zone, ...rest] = value.split('%');
  if (rest.length > 0 || (zone !== undefined && !/^[0-9A-Za-z.:-]+$/.test(zone))) return 0;
  if (!address.includes(':') || !ipaddr.IPv6.isValid(address)) return 0;
  // An embedded IPv4 tail (::ffff:192.0.2.1) is held to the same dotted-decimal form as a bare IPv4 address.
  const tail = address.slice(address.lastIndexOf(':') + 1);
  return !tail.includes('.') || ipaddr.IPv4.isValidFourPartDecimal(tail) ? 6 : 0;
}
