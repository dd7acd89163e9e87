import { describe, expect, it } from 'vitest';
import { onboardInProcess, startWorld } from './fixture.js';

/** Each create onboarding sends, with the answer lost after ngrok acted: a cut connection (0) or a gateway error. */
const cases = [
  { path: '/service_users', status: 0 },
  { path: '/reserved_domains', status: 502 },
  { path: '/reserved_addrs', status: 0 },
  { path: '/endpoints', status: 504 },
  { path: '/credentials', status: 0 },
] as const;

describe.concurrent('a create whose answer is lost', { timeout: 120_000 }, () => {
  it.each(cases)(
    'POST $path answered $status converges in one run, with no duplicate',
    async ({ path, status }) => {
      const world = await startWorld();
      try {
        const { state } = world.emulator;
        state.requestLog.length = 0;
        world.emulator.faults.targeted.push({ method: 'POST', path, times: 1, status, lost: true });
        const { summary, lines } = await onboardInProcess(world);
        expect(summary.result, lines.join('\n')).toBe('converged');
        expect(world.emulator.faults.targeted[0]!.times).toBe(0);
        expect(state.counts()).toMatchObject({
          serviceUsers: 1,
          credentials: 1,
          reservedDomains: 1,
          reservedAddrs: 2,
          tunnelSessions: 1,
        });
        expect(state.endpoints.all().filter((endpoint) => endpoint.type === 'cloud')).toHaveLength(3);
        const posts = state.requestLog.filter((entry) => entry.method === 'POST' && entry.path === path);
        if (path === '/credentials') {
          // Its token came only in the lost answer: that credential is deleted and a new one made.
          expect(posts).toHaveLength(2);
          expect(summary.deleted).toHaveLength(1);
          expect(summary.created).toContain(state.credentials.all()[0]!.id);
        } else {
          // Found by its tag: sent once per resource (three cloud endpoints, two reserved TCP addresses).
          const creates: Record<string, number> = { '/endpoints': 3, '/reserved_addrs': 2 };
          expect(posts).toHaveLength(creates[path] ?? 1);
          expect(summary.deleted).toEqual([]);
        }
        // Service user, domain, two TCP addresses, three cloud endpoints, the authtoken.
        expect(summary.created).toHaveLength(8);
      } finally {
        await world.close();
      }
    },
  );
});
