import { BlockList, isIPv6 } from 'node:net';

/** The `restrict-ips` config (https://ngrok.com/docs/traffic-policy/actions/restrict-ips#configuration-reference). */
export interface RestrictIpsConfig {
  enforce?: boolean;
  allow?: string[];
  deny?: string[];
  ip_policies?: unknown[];
}

/**
 * True when `clientIp` may pass: it matches at least one allowed CIDR and no denied CIDR
 * (https://ngrok.com/docs/traffic-policy/actions/restrict-ips#allow-and-deny-conditions). The address is always the
 * connection's source (`conn.client_ip`), never X-Forwarded-For, which the same page says is never used.
 * `ip_policies` are not looked up: the emulated account has no IP policies (reported as not evaluated).
 */
export function ipAllowed(config: RestrictIpsConfig, clientIp: string): boolean {
  const address = clientIp.replace(/^::ffff:(?=\d+\.)/, '');
  const family = isIPv6(address) ? 'ipv6' : 'ipv4';
  return matches(config.allow ?? [], address, family) && !matches(config.deny ?? [], address, family);
}

function matches(cidrs: string[], address: string, family: 'ipv4' | 'ipv6'): boolean {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network = '', prefix] = cidr.trim().split('/');
    const type = isIPv6(network) ? 'ipv6' : 'ipv4';
    const bits = prefix === undefined ? (type === 'ipv6' ? 128 : 32) : Number(prefix);
    list.addSubnet(network, bits, type);
  }
  return list.check(address, family);
}
