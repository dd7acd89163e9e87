import { describe, expect, it } from 'vitest';
import { cloudEndpointFact } from '../../source/fleet/facts.js';
import { FleetFetcher } from '../../source/fleet/fetcher.js';
import { formatTag } from '../../source/ngrok/tags.js';
import type { Endpoint } from '../../source/ngrok/types.js';
import { buildLists, FakeFleetApi, makeCloudEndpoint } from '../helpers/fleet-fixtures.js';

// clinic-tui creates cloud endpoints with a JSON policy (source/policy/build.ts); a person may replace one with
// YAML in the dashboard, and ngrok returns the policy as it was given
// (https://ngrok.com/docs/api-reference/endpoints/get). The fleet reads both.
const yamlPolicy = `on_http_request:
  - actions:
      - type: forward-internal
        config:
          url: https://Rest-API.clinic1.internal
`;

function cloudEndpoint(policy: string): Endpoint {
  return {
    ...makeCloudEndpoint('ep_yaml', 'https://api-clinic1.example.com', 'clinic1', 'rest-api', 'unused'),
    traffic_policy: policy,
  };
}

describe('a cloud endpoint policy the fleet reads', () => {
  it('is judged at once when it is JSON', () => {
    const fact = cloudEndpointFact(
      makeCloudEndpoint(
        'ep_json',
        'https://api-clinic1.example.com',
        'clinic1',
        'rest-api',
        'https://rest-api.clinic1.internal',
      ),
    );
    expect(fact).not.toBeInstanceOf(Promise);
    expect(fact).toMatchObject({
      targets: ['https://rest-api.clinic1.internal'],
      target: 'https://rest-api.clinic1.internal',
    });
  });

  it('is judged once the YAML parser has loaded when it is YAML', async () => {
    const fact = cloudEndpointFact(cloudEndpoint(yamlPolicy));
    expect(fact).toBeInstanceOf(Promise);
    const judged = await fact;
    expect(judged).toMatchObject({
      targets: ['https://rest-api.clinic1.internal'],
      target: 'https://rest-api.clinic1.internal',
    });
    expect(judged?.note).toBeUndefined();
  });

  it('reports drift when a YAML policy forwards outside the clinic', async () => {
    const judged = await cloudEndpointFact(
      cloudEndpoint(yamlPolicy.replace('clinic1.internal', 'clinic2.internal')),
    );
    expect(judged?.note).toBe('policy forwards outside the clinic to https://rest-api.clinic2.internal');
  });

  it('says so when a policy is neither JSON nor YAML', async () => {
    const judged = await cloudEndpointFact(cloudEndpoint('on_http_request: [unclosed'));
    expect(judged).toMatchObject({ targets: [], note: 'policy cannot be parsed' });
  });

  it('gives no fact for an endpoint that is not a clinic cloud endpoint, YAML or not', () => {
    const untagged = {
      ...cloudEndpoint(yamlPolicy),
      metadata: formatTag({ role: 'reserved-addr', clinic: 'clinic1' }),
    };
    expect(cloudEndpointFact(untagged)).toBeUndefined();
  });

  for (const read of ['readAll', 'readFastAndSlow'] as const) {
    it(`is kept by the fleet's ${read} with the targets of its YAML`, async () => {
      const lists = buildLists([]);
      lists.cloudEndpoints = [cloudEndpoint(yamlPolicy)];
      const fetcher = new FleetFetcher(new FakeFleetApi(lists));
      if (read === 'readAll') await fetcher.readAll();
      else for (let refresh = 0; refresh < 3; refresh++) await fetcher.readFastAndSlow(1);
      expect(fetcher.snapshot().cloudEndpoints).toEqual([
        expect.objectContaining({ id: 'ep_yaml', targets: ['https://rest-api.clinic1.internal'] }),
      ]);
    });
  }
});
