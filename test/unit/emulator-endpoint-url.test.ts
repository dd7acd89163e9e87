import { describe, expect, it } from 'vitest';
import { callRoute } from '../../source/sandbox/emulator/seed.js';
import { EmulatorState } from '../../source/sandbox/emulator/state.js';

/** An emulated account with *.example.com reserved, whose open choices all fall one way (low) or the other. */
function account(random: () => number): EmulatorState {
  const state = new EmulatorState('http://emulator.test', () => 0, random);
  callRoute(state, 'POST', '/reserved_domains', { domain: '*.example.com' });
  return state;
}

const denyAll = JSON.stringify({ on_http_request: [{ actions: [{ type: 'deny' }] }] });
const forwardTls = JSON.stringify({
  on_tcp_connect: [
    { actions: [{ type: 'forward-internal', config: { url: 'tls://db.clinic1.internal:443' } }] },
  ],
});

function create(state: EmulatorState, url: string, policy = denyAll): { url: string; hostport: string } {
  return callRoute(state, 'POST', '/endpoints', { type: 'cloud', url, traffic_policy: policy }) as never;
}

describe('endpoint URLs as the emulated API reports them', () => {
  const low = () => 0;
  const high = () => 0.99;

  // The API reference's create example: https://endpoint-example2.com:443 is answered without the port.
  it.each([low, high])('drops a public default port whatever else it picks (%#)', (random) => {
    const state = account(random);
    expect(create(state, 'https://api.example.com:443')).toMatchObject({
      url: 'https://api.example.com',
      hostport: 'api.example.com:443',
    });
    expect(create(state, 'http://api.example.com:80').url).toBe('http://api.example.com');
    expect(create(state, 'tls://db.example.com:443', forwardTls).url).toBe('tls://db.example.com');
  });

  it('answers the spellings the docs leave open either way: capitals, a trailing slash, an internal default port', () => {
    expect(create(account(low), 'HTTPS://API.Example.com/').url).toBe('https://api.example.com/');
    expect(create(account(high), 'HTTPS://API.Example.com/').url).toBe('HTTPS://API.Example.com');
    expect(create(account(low), 'https://rest-api.clinic1.internal:443').url).toBe(
      'https://rest-api.clinic1.internal',
    );
    expect(create(account(high), 'https://rest-api.clinic1.internal:443').url).toBe(
      'https://rest-api.clinic1.internal:443',
    );
  });

  it('keeps every other port, and knows two spellings of one URL as one endpoint', () => {
    const state = account(high);
    expect(create(state, 'https://rest-api.clinic1.internal:8443').url).toBe(
      'https://rest-api.clinic1.internal:8443',
    );
    create(state, 'https://api.example.com');
    expect(() => create(state, 'https://API.example.com:443')).toThrow(
      /another endpoint exists for this url/,
    );
  });

  it('takes the same URL in another spelling on update as no change, and refuses a different one', () => {
    const state = account(low);
    const made = create(state, 'https://api.example.com') as unknown as { id: string; url: string };
    const updated = callRoute(state, 'PATCH', `/endpoints/${made.id}`, {
      url: 'https://API.example.com:443',
      description: 'renamed',
    });
    expect(updated).toMatchObject({ url: 'https://api.example.com', description: 'renamed' });
    expect(() =>
      callRoute(state, 'PATCH', `/endpoints/${made.id}`, { url: 'https://other.example.com' }),
    ).toThrow(/cannot be changed/);
  });
});
