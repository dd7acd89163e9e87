import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { chunksHolding, runHolding } from '../helpers/held-chunks.js';
import { buildWithMetafile, type LoggedBuild } from '../helpers/loaded-modules.js';
import type { TmuxSession } from '../helpers/tmux.js';

/**
 * The fleet screen's first frame shows an empty table: it needs neither the health model (which judges what the
 * first refresh reads) nor the audit log (which only the detail view shows). The built CLI runs in a terminal
 * with their chunks held forever; the frame still appears, so neither is on its path.
 */
let build: LoggedBuild;
let session: TmuxSession | undefined;

beforeAll(() => {
  build = buildWithMetafile();
});
afterEach(() => session?.kill());
afterAll(() => build?.remove());

it("the fleet's first frame waits for no health model and no audit log", async () => {
  const held = chunksHolding(build, [
    'source/fleet/health.ts',
    'source/fleet/endpoint-health.ts',
    'source/fleet/audit-tail.ts',
    'source/store/audit-log.ts',
  ]);
  session = runHolding(build, 'clinic-tui-e2e-fleet-frame-waits', 'fleet', held);
  const screen = await session.waitFor('clinic-tui fleet', 60_000);
  expect(screen).toContain('0 clinics');
  expect(screen).toContain('q quit');
}, 120_000);
