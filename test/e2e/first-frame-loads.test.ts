import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { chunksHolding, runHolding } from '../helpers/held-chunks.js';
import { buildWithMetafile, type LoggedBuild } from '../helpers/loaded-modules.js';
import type { TmuxSession } from '../helpers/tmux.js';

/**
 * The first frame of the wizard and of the fleet screen waits for nothing it does not show: the built CLI runs in a
 * terminal with the module hook holding, forever, the chunks of the modules the first frame must not need. The
 * frame still appears, so none of them is on its path.
 */
let build: LoggedBuild;
let session: TmuxSession | undefined;

beforeAll(() => {
  build = buildWithMetafile();
});
afterEach(() => session?.kill());
afterAll(() => build?.remove());

it("the wizard's first question waits for no YAML parse, saved answers or defaults", async () => {
  const held = chunksHolding(build, [
    'source/spec/load.ts',
    'flows/questions/guide-file.ts',
    'source/commands/saved-answers.ts',
    'source/commands/wizard-defaults.ts',
  ]);
  session = runHolding(build, 'clinic-tui-e2e-wizard-frame', 'onboard', held);
  const screen = await session.waitFor('Start from', 60_000);
  // The guide's clinic is there all the same: its services name the first choice.
  expect(screen).toContain('rest-api');
}, 120_000);

it("the wizard's first question waits for no API client, zod, YAML, spec schema or spinner", async () => {
  const held = chunksHolding(build, [
    'source/ngrok/client.ts',
    'node_modules/zod/',
    'node_modules/yaml/',
    'source/spec/schema.ts',
    'node_modules/cli-spinners/',
  ]);
  session = runHolding(build, 'clinic-tui-e2e-wizard-lean', 'onboard', held);
  const screen = await session.waitFor('Start from', 60_000);
  expect(screen).toContain("The guide's clinic");
  expect(screen).toContain('question 1 of');
}, 120_000);

it("the fleet's first frame is drawn before the API client, zod and conf load", async () => {
  const held = chunksHolding(build, [
    'source/ngrok/client.ts',
    'node_modules/zod/',
    'node_modules/conf/',
    'source/fleet/memory-file.ts',
  ]);
  session = runHolding(build, 'clinic-tui-e2e-fleet-frame', 'fleet', held);
  await session.waitFor('clinic-tui fleet', 60_000);
}, 120_000);
