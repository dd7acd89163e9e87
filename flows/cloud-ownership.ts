import { forwardTargets } from '../source/fleet/policy-targets.js';
import { parseTag } from '../source/ngrok/tags.js';
import type { Endpoint, ReservedAddr } from '../source/ngrok/types.js';
import { sameUrl } from '../source/spec/url-normal.js';

/**
 * Whose a cloud endpoint or reserved address is, beyond its tag. Anyone with the API key can edit an endpoint's or
 * address's metadata (https://ngrok.com/docs/api-reference/endpoints/update,
 * https://ngrok.com/docs/api-reference/reservedaddrs/update), so a tag naming a clinic does not make the resource
 * that clinic's to delete. What the endpoint does is harder to fake without breaking it: its Traffic Policy's
 * `forward-internal` actions (https://ngrok.com/docs/traffic-policy/actions/forward-internal) name the internal
 * endpoints it serves, and every clinic's internal endpoints are `*.<clinic id>.internal`.
 */

/** True when an internal URL is one of the clinic's own endpoints (`*.<clinic id>.internal`). */
function isClinicsInternal(url: string, clinicId: string): boolean {
  try {
    return new URL(url).hostname.toLowerCase().endsWith(`.${clinicId.toLowerCase()}.internal`);
  } catch {
    return false;
  }
}

/**
 * The first internal URL the endpoint's policy forwards to that is not one of the clinic's; undefined when it
 * forwards only to the clinic's own (or nowhere, or the policy cannot be read: then its tag decides).
 */
export async function foreignForward(
  endpoint: Pick<Endpoint, 'traffic_policy'>,
  clinicId: string,
): Promise<string | undefined> {
  const targets = (await forwardTargets(endpoint.traffic_policy)) ?? [];
  return targets.find((target) => !isClinicsInternal(target, clinicId));
}

/** Why a cloud endpoint tagged for the clinic is not the clinic's to delete; undefined when it is. */
export async function whyKeepEndpoint(endpoint: Endpoint, clinicId: string): Promise<string | undefined> {
  const elsewhere = await foreignForward(endpoint, clinicId);
  return (
    elsewhere && `keep cloud endpoint ${endpoint.url}: its policy forwards to ${elsewhere}, not ${clinicId}'s`
  );
}

/**
 * Why a reserved address tagged for the clinic is not the clinic's to release: a cloud endpoint on it that is
 * another clinic's (tagged for it, or forwarding to another clinic's internal endpoint). Undefined when none is.
 */
export async function whyKeepAddr(
  addr: ReservedAddr,
  endpoints: readonly Endpoint[],
  clinicId: string,
): Promise<string | undefined> {
  for (const endpoint of endpoints.filter((one) => sameUrl(one.url, `tcp://${addr.addr}`))) {
    const tagged = parseTag(endpoint.metadata)?.clinic;
    const elsewhere = await foreignForward(endpoint, clinicId);
    const whose =
      tagged !== undefined && tagged !== clinicId
        ? `is ${tagged}'s`
        : elsewhere && `forwards to ${elsewhere}`;
    if (whose)
      return `keep TCP address ${addr.addr}: cloud endpoint ${endpoint.url} on it ${whose}, not ${clinicId}'s`;
  }
  return undefined;
}
