import { UserError } from '../errors.js';
import { collect, type NgrokClient } from '../ngrok/client.js';
import { cloudEndpointsFilter } from '../ngrok/endpoint-filters.js';
import { parseTag } from '../ngrok/tags.js';
import type { PublicEndpoint } from './run.js';

/** The clinic's public cloud endpoints, found by the clinic's tag as offboard and the fleet find them. */
export async function clinicEndpoints(api: NgrokClient, clinicId: string): Promise<PublicEndpoint[]> {
  const endpoints: PublicEndpoint[] = [];
  for (const endpoint of await collect(api.endpoints.list({ filter: cloudEndpointsFilter }))) {
    const tag = parseTag(endpoint.metadata);
    const url = endpoint.url || endpoint.public_url;
    if (!url || tag?.role !== 'cloud-endpoint' || tag.clinic !== clinicId) continue;
    endpoints.push({
      url,
      trafficPolicy: endpoint.traffic_policy,
      ...(tag.service ? { name: tag.service } : {}),
    });
  }
  // In the order of their URLs, so two runs print the same lines in the same order.
  if (endpoints.length > 0) return endpoints.sort((a, b) => a.url.localeCompare(b.url));
  throw new UserError(
    `The ngrok account lists no public endpoint of clinic "${clinicId}": nothing to probe.`,
    'Check the id with `clinic-tui fleet --once`.',
  );
}
