import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OnboardCtx } from '../../flows/onboard/context.js';
import type { DesiredEndpoint } from '../../flows/onboard/desired-endpoints.js';
import { clinicReader } from '../../flows/onboard/verify-reads.js';
import { NgrokClient } from '../../source/ngrok/client.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { callRoute } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import type { RequestLogEntry } from '../../source/sandbox/emulator/state.js';
import { type OnboardWorld, onboardInProcess, startWorld } from './fixture.js';

/** The API requests onboarding sent while its verify step ran, and the "waiting for" lines it showed meanwhile. */
async function verifyRequests(world: OnboardWorld) {
  const log = world.emulator.state.requestLog;
  let from = -1;
  let to = -1;
  const waits: string[] = [];
  const { summary, lines } = await onboardInProcess(world, {
    onLine: (line) => {
      const event = JSON.parse(line);
      if (event.step !== 'verify') return;
      if (event.type === 'step:start') from = log.length;
      if (event.type === 'step:done') to = log.length;
      if (event.type === 'status' && String(event.text).startsWith('waiting for')) waits.push(event.text);
    },
  });
  expect(summary.result, lines.join('\n')).toBe('converged');
  expect([from >= 0, to >= from]).toEqual([true, true]);
  return { requests: log.slice(from, to), waits };
}

const isGet = (entry: RequestLogEntry, path: RegExp) => entry.method === 'GET' && path.test(entry.path);

// Verify looks at the account until the clinic is online: each look must read only the clinic's own endpoints,
// not every session and endpoint of the account (ngrok allows 120 requests a minute in all).
describe('verify reads only the clinic', { timeout: 120_000 }, () => {
  let world: OnboardWorld;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.close());

  it('one filtered endpoints list per look, each serving session read once by id, no account-wide list', async () => {
    for (const run of ['first', 'rerun']) {
      const { requests, waits } = await verifyRequests(world);
      const lists = requests.filter((entry) => isGet(entry, /^\/endpoints$/));
      const sessionReads = requests.filter((entry) => isGet(entry, /^\/tunnel_sessions\/[^/]+$/));
      // A look that finds something missing says what it waits for; the last look finds nothing missing.
      expect(lists, run).toHaveLength(waits.length + 1);
      const sessionId = world.emulator.state.tunnelSessions.all()[0]!.id;
      expect(
        sessionReads.map((entry) => entry.path),
        run,
      ).toEqual([`/tunnel_sessions/${sessionId}`]);
      expect(requests, run).toHaveLength(lists.length + sessionReads.length);
      // Filtered by the service user (its agents' endpoints) and the clinic's cloud endpoints, as ngrok reads it.
      const ownerId = world.emulator.state.serviceUsers.all()[0]!.id;
      for (const list of lists) {
        expect(list.query.filter).toContain(`obj.principal.id == "${ownerId}"`);
        expect(list.query.filter).toContain('obj.type == "cloud"');
      }
    }
  });
});

// The answers file is spelled as ngrok stores URLs when loaded; a spec made any other way may still carry
// `https://Portal…:443`, which a filter's `obj.url ==` compares as text with ngrok's spelling.
describe('verify’s look, for a spec URL in capitals with its default port', { timeout: 60_000 }, () => {
  let emulator: Emulator;
  afterAll(() => emulator?.close());

  it('finds the live cloud endpoint ngrok lists at that URL, untagged, in its own spelling', async () => {
    // random low: the emulator answers the URL in lower case (and drops the default port, as ngrok documents).
    emulator = await startEmulator({ rateLimit: 0, random: () => 0.1 });
    const { state } = emulator;
    callRoute(state, 'POST', '/reserved_domains', { domain: '*.clinic-network.com' });
    const policy = JSON.stringify({ on_http_request: [{ actions: [{ type: 'deny' }] }] });
    const written = 'https://Portal-Clinic1.clinic-network.com:443';
    const live = callRoute(state, 'POST', '/endpoints', {
      type: 'cloud',
      url: written,
      traffic_policy: policy,
    });
    expect(live.url).toBe('https://portal-clinic1.clinic-network.com');

    const api = new NgrokClient({ apiKey: emulator.createApiKey(), baseUrl: emulator.url });
    const wanted = {
      url: written,
      policy,
      metadata: formatTag({ clinic: 'clinic1', role: 'cloud-endpoint', service: 'portal' }),
      description: 'clinic-tui: portal',
    } as DesiredEndpoint;
    const look = await clinicReader({ api } as OnboardCtx, { agents: undefined, desired: [wanted] })();

    expect(look.endpoints.map((endpoint) => endpoint.id)).toEqual([live.id]);
  });
});
