import { describe, expect, it } from 'vitest';
import { foreignForward } from '../../flows/cloud-ownership.js';

const forwarding = (...urls: string[]) =>
  JSON.stringify({
    on_tcp_connect: [
      { actions: [{ type: 'restrict-ips', config: { allow: ['203.0.113.0/24'] } }] },
      ...urls.map((url) => ({ actions: [{ type: 'forward-internal', config: { url } }] })),
    ],
  });

describe("a cloud endpoint's policy judged for one clinic", () => {
  it("names the first target that is not one of the clinic's internal endpoints", async () => {
    expect(
      await foreignForward({ traffic_policy: forwarding('tcp://db.clinic1.internal:5432') }, 'clinic1'),
    ).toBe(undefined);
    expect(
      await foreignForward(
        { traffic_policy: forwarding('tcp://db.clinic1.internal:5432', 'tcp://db.clinic2.internal:5432') },
        'clinic1',
      ),
    ).toBe('tcp://db.clinic2.internal:5432');
    // A clinic id that ends another's is not it; a host in capitals is.
    expect(
      await foreignForward({ traffic_policy: forwarding('https://api.xclinic1.internal') }, 'clinic1'),
    ).toBe('https://api.xclinic1.internal');
    expect(
      await foreignForward({ traffic_policy: forwarding('https://API.Clinic1.internal:443') }, 'clinic1'),
    ).toBe(undefined);
  });

  it('reads a YAML policy (set by hand) too, and leaves one it cannot read to the tag', async () => {
    const yaml =
      'on_http_request:\n  - actions:\n      - type: forward-internal\n        config:\n          url: https://api.clinic2.internal\n';
    expect(await foreignForward({ traffic_policy: yaml }, 'clinic1')).toBe('https://api.clinic2.internal');
    expect(await foreignForward({ traffic_policy: '{[' }, 'clinic1')).toBe(undefined);
  });
});
