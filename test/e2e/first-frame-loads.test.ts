import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { freshStateDir, projectRoot } from '../helpers/cli.js';
import { buildWithMetafile, type LoggedBuild } from '../helpers/loaded-modules.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.js';

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

/** The file URLs of every chunk holding one of `inputs` (source files or package paths); each must be in one. */
function chunksHolding(inputs: string[]): string[] {
  const chunks = Object.entries(build.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  return inputs.flatMap((wanted) => {
    const found = chunks.filter(([, output]) =>
      Object.keys(output.inputs).some((input) => input.includes(wanted)),
    );
    if (found.length === 0) throw new Error(`${wanted} is in no chunk of the build`);
    return found.map(([file]) => pathToFileURL(join(projectRoot, file)).href);
  });
}

/** Runs the built CLI in tmux with `held` chunks never loading; returns the session. */
function runHolding(name: string, args: string, held: string[]): TmuxSession {
  const register = join(projectRoot, 'test', 'helpers', 'module-log', 'register.mjs');
  const log = join(mkdtempSync(join(tmpdir(), 'clinic-tui-modules-')), 'modules.log');
  const command = [
    'env -u CI -u CONTINUOUS_INTEGRATION NO_COLOR=1 NGROK_API_KEY=test-key NGROK_API_URL=http://127.0.0.1:9',
    `CLINIC_TUI_HOME=${freshStateDir()} CLINIC_TUI_MODULE_LOG=${log}`,
    `CLINIC_TUI_MODULE_HOLD=${held.join(',')}`,
    `${process.execPath} --import ${register} ${build.entry} ${args}; sleep 60`,
  ].join(' ');
  return startTmux(name, `cd ${projectRoot} && ${command}`);
}

it("the wizard's first question waits for no YAML parse, saved answers or defaults", async () => {
  const held = chunksHolding([
    'source/spec/load.ts',
    'flows/questions/guide-file.ts',
    'source/commands/saved-answers.ts',
    'source/commands/wizard-defaults.ts',
  ]);
  session = runHolding('clinic-tui-e2e-wizard-frame', 'onboard', held);
  const screen = await session.waitFor('Start from', 60_000);
  // The guide's clinic is there all the same: its services name the first choice.
  expect(screen).toContain('rest-api');
}, 120_000);

it("the wizard's first question waits for no API client, zod, YAML, spec schema or spinner", async () => {
  const held = chunksHolding([
    'source/ngrok/client.ts',
    'node_modules/zod/',
    'node_modules/yaml/',
    'source/spec/schema.ts',
    'node_modules/cli-spinners/',
  ]);
  session = runHolding('clinic-tui-e2e-wizard-lean', 'onboard', held);
  const screen = await session.waitFor('Start from', 60_000);
  expect(screen).toContain("The guide's clinic");
  expect(screen).toContain('question 1 of');
}, 120_000);

it("the fleet's first frame is drawn before the API client, zod and conf load", async () => {
  const held = chunksHolding([
    'source/ngrok/client.ts',
    'node_modules/zod/',
    'node_modules/conf/',
    'source/fleet/memory-file.ts',
  ]);
  session = runHolding('clinic-tui-e2e-fleet-frame', 'fleet', held);
  await session.waitFor('clinic-tui fleet', 60_000);
}, 120_000);
