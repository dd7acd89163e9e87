import { urlKey } from '../spec/url-normal.js';
import type { ClinicProbeResult } from '../store/probe-results.js';

/**
 * Which of a clinic's last probe verdicts still speak for it: those on URLs that are still among its public
 * endpoints. Kept out of probe-health.ts, which the fleet screen's first frame loads: only the health model,
 * loaded with the first refresh, compares URLs.
 */

/**
 * A clinic's public URLs as urlKey spells them: its cloud endpoints' and `tcp://` + each reserved TCP address
 * (an endpoint on the TCP address `1.tcp.jp.ngrok.io:12345` is `tcp://1.tcp.jp.ngrok.io:12345`,
 * https://ngrok.com/docs/domains/tcp-addresses).
 */
export function publicUrlKeys(cloudUrls: string[], reservedAddrs: string[]): Set<string> {
  return new Set([...cloudUrls, ...reservedAddrs.map((addr) => `tcp://${addr}`)].map(urlKey));
}

/** The last probe split by whether each probed URL is still one of the clinic's public endpoints. */
interface ProbeSplit {
  /** The verdicts of URLs the clinic still has; undefined when never probed, or when every probed URL is gone. */
  current?: ClinicProbeResult;
  /** The verdicts of URLs the clinic no longer has (deleted, or moved since the probe); undefined when none. */
  gone?: ClinicProbeResult;
}

/**
 * Keeps of the last probe only the verdicts that still speak for the clinic: a verdict on a URL it no longer has
 * says nothing about its endpoints now. `publicUrls` is undefined until the lists that hold them have been read;
 * while it is, every verdict counts, as nothing is called gone before it could have been seen.
 */
export function splitProbe(
  probe: ClinicProbeResult | undefined,
  publicUrls: Set<string> | undefined,
): ProbeSplit {
  if (!probe || !publicUrls || probe.endpoints.length === 0) return probe ? { current: probe } : {};
  const kept = probe.endpoints.filter((endpoint) => publicUrls.has(urlKey(endpoint.url)));
  if (kept.length === probe.endpoints.length) return { current: probe };
  const gone = probe.endpoints.filter((endpoint) => !kept.includes(endpoint));
  return {
    ...(kept.length > 0 ? { current: { at: probe.at, endpoints: kept } } : {}),
    gone: { at: probe.at, endpoints: gone },
  };
}
