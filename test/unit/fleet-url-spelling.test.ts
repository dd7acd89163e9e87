import { describe, expect, it } from 'vitest';
import { assessEndpoints } from '../../source/fleet/endpoint-health.js';
import { agentEndpointFact, cloudEndpointFact } from '../../source/fleet/facts.js';
import { formatTag } from '../../source/ngrok/tags.js';
import type { Endpoint } from '../../source/ngrok/types.js';

// The clinic record and this laptop's memory hold internal URLs as they were written; ngrok lists them in its own
// spelling. The fleet must see one endpoint, online, with its cloud endpoint forwarding to it.
const cloud = (await cloudEndpointFact({
  id: 'ep_cloud',
  type: 'cloud',
  url: 'tls://patientdb-clinic1.clinic-network.com',
  metadata: formatTag({ clinic: 'clinic1', role: 'cloud-endpoint', service: 'patient-db' }),
  traffic_policy: JSON.stringify({
    on_tcp_connect: [
      { actions: [{ type: 'forward-internal', config: { url: 'TLS://Patient-DB.clinic1.internal:443' } }] },
    ],
  }),
} as Endpoint))!;

describe('the fleet recognises an endpoint whatever spelling each source uses', () => {
  const live = agentEndpointFact({
    type: 'agent',
    name: 'patient-db',
    url: 'tls://patient-db.clinic1.internal',
    tunnel_session: { id: 'ts_1', uri: '' },
  } as Endpoint);

  it('merges the record, memory and the live list into one row, online and ok', () => {
    const { endpoints } = assessEndpoints({
      sources: {
        id: 'clinic1',
        credentials: [],
        cloudEndpoints: [cloud],
        reservedAddrs: [],
        taggedEndpoints: [{ name: 'patient-db', internalUrl: 'tls://patient-db.clinic1.internal:443' }],
        hasStandby: false,
      },
      remembered: [{ name: 'patient-db', internalUrl: 'tls://Patient-DB.clinic1.internal' }],
      served: [{ name: live.name, internalUrl: live.url }],
      liveUrls: new Set([live.url]),
      cloudListRead: true,
    });
    expect(endpoints).toEqual([
      expect.objectContaining({ name: 'patient-db', online: true, cloud: 'ok', cloudEndpointId: 'ep_cloud' }),
    ]);
  });
});
