import { afterEach, describe, expect, it } from 'vitest';
import { desiredEndpoints } from '../../flows/onboard/desired-endpoints.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { callRoute } from '../../source/sandbox/emulator/seed.js';
import type { EmulatorState } from '../../source/sandbox/emulator/state.js';
import { loadAnswersFile } from '../../source/spec/load.js';
import { type OnboardWorld, onboardInProcess, startWorld } from './fixture.js';

/** The guide's clinic has one https public endpoint, under the wildcard of its network domain. */
const wildcard = '*.clinic-network.com';

function cloudEndpoints(state: EmulatorState) {
  return state.endpoints.all().filter((endpoint) => endpoint.type === 'cloud');
}

/** The change lines of the run's --json output for one resource id. */
function changesOf(lines: string[], id: string) {
  return lines
    .map((line) => JSON.parse(line))
    .filter((event) => event.type === 'change' && event.change.id === id)
    .map((event) => event.change.kind);
}

// Another run (a second onboarding on this laptop or another) creates what this run planned to create, between
// this run's plan and its apply: ngrok refuses the second create, and the run adopts what is its own.
describe('onboarding racing another run', { timeout: 120_000 }, () => {
  let world: OnboardWorld;
  afterEach(() => world?.close());

  /** The https endpoint the spec wants, as this clinic's own run would create it. */
  async function wantedHttps() {
    const spec = await loadAnswersFile(world.answersPath);
    const https = desiredEndpoints(spec, new Map()).find((desired) => desired.url?.startsWith('https://'));
    return https!;
  }

  // ngrok's page for ERR_NGROK_413 gives no HTTP status: the emulator answers 400 or 409 (random low or high).
  it.each([
    ['400', () => 0.1],
    ['409', () => 0.9],
  ])(
    'adopts the wildcard domain another run reserved meanwhile (ERR_NGROK_413, %s)',
    async (_status, random) => {
      world = await startWorld({ random });
      const { state } = world.emulator;
      let theirs = '';
      const { summary, lines } = await onboardInProcess(world, {
        beforeApply: async () => {
          theirs = String(callRoute(state, 'POST', '/reserved_domains', { domain: wildcard }).id);
        },
      });
      expect(summary.result, lines.join('\n')).toBe('converged');
      expect(state.reservedDomains.all().map((domain) => domain.id)).toEqual([theirs]);
      const posts = state.requestLog.filter(
        (entry) => entry.method === 'POST' && entry.path === '/reserved_domains',
      );
      expect(posts.map((entry) => entry.errorCode)).toEqual(['ERR_NGROK_413']);
      expect(summary.created).not.toContain(theirs);
      expect(summary.reused).toContain(theirs);
      expect(changesOf(lines, theirs)).toEqual(['reuse']);
      // The DNS records the customer needs are the reservation's that exists.
      const acme = state.reservedDomains.get(theirs).acme_challenge_cname_target;
      expect(summary.dnsRecords.map((record) => record.value)).toContain(acme);
      expect(cloudEndpoints(state)).toHaveLength(3);
    },
  );

  it('adopts this clinic’s tagged endpoint another run created at the URL, and brings it to the spec', async () => {
    world = await startWorld();
    const { state } = world.emulator;
    const wanted = await wantedHttps();
    let theirs = '';
    const { summary, lines } = await onboardInProcess(world, {
      beforeApply: async () => {
        callRoute(state, 'POST', '/reserved_domains', { domain: wildcard });
        theirs = String(
          callRoute(state, 'POST', '/endpoints', {
            type: 'cloud',
            url: wanted.url,
            traffic_policy: wanted.policy,
            // Tagged for this clinic by an older run: no service in the tag yet.
            metadata: formatTag({ clinic: 'clinic1', role: 'cloud-endpoint' }),
          }).id,
        );
      },
    });
    expect(summary.result, lines.join('\n')).toBe('converged');
    const atUrl = cloudEndpoints(state).filter((endpoint) => endpoint.url === wanted.url);
    expect(atUrl.map((endpoint) => [endpoint.id, endpoint.metadata])).toEqual([[theirs, wanted.metadata]]);
    expect(cloudEndpoints(state)).toHaveLength(3);
    const posts = state.requestLog.filter(
      (entry) =>
        entry.method === 'POST' &&
        entry.path === '/endpoints' &&
        (entry.body as { url: string }).url === wanted.url,
    );
    expect(posts.map((entry) => entry.errorCode)).toEqual(['ERR_NGROK_18017']);
    expect(summary.created).not.toContain(theirs);
    expect(summary.updated).toContain(theirs);
  });

  it('fails, naming the URL and what holds it, when the endpoint there is not this clinic’s', async () => {
    world = await startWorld();
    const { state } = world.emulator;
    const wanted = await wantedHttps();
    const foreign = formatTag({ clinic: 'clinic2', role: 'cloud-endpoint', service: 'portal' });
    let theirs = '';
    const { summary, lines } = await onboardInProcess(world, {
      beforeApply: async () => {
        callRoute(state, 'POST', '/reserved_domains', { domain: wildcard });
        theirs = String(
          callRoute(state, 'POST', '/endpoints', {
            type: 'cloud',
            url: wanted.url,
            traffic_policy: wanted.policy,
            metadata: foreign,
          }).id,
        );
      },
    });
    expect(summary.result, lines.join('\n')).toBe('failed');
    expect(summary.error?.message).toContain(
      `The URL ${wanted.url} is already taken by cloud endpoint ${theirs} tagged for clinic clinic2`,
    );
    expect(summary.error?.hint).toContain('Delete that endpoint');
    // Left as it was: not adopted, not retagged, not deleted.
    const atUrl = cloudEndpoints(state).filter((endpoint) => endpoint.url === wanted.url);
    expect(atUrl.map((endpoint) => [endpoint.id, endpoint.metadata])).toEqual([[theirs, foreign]]);
    expect(summary.updated).not.toContain(theirs);
  });
});
