import ipaddr from 'ipaddr.js';

/**
 * A CIDR whose address has bits set below its prefix (`10.0.0.1/8`): ngrok reads it as the whole network, which
 * is rarely what was meant. Returns the message naming both readings, or undefined for a clean CIDR or a bare IP.
 */
export function cidrHostBitsProblem(value: string): string | undefined {
  if (!value.includes('/') || !ipaddr.isValidCIDR(value)) return undefined;
  const [address, prefix] = ipaddr.parseCIDR(value);
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(value)
      : ipaddr.IPv6.networkAddressFromCIDR(value);
  if (network.toString() === address.toString()) return undefined;
  const whole = address.kind() === 'ipv4' ? 32 : 128;
  return `has host bits set: ${value} means all of ${network}/${prefix}; did you mean ${network}/${prefix} or ${address}/${whole}?`;
}
