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

const frames: { name: string; command: string; held: string[]; frame: string; shows: string[] }[] = [
  {
    name: "the wizard's first question waits for no YAML parse, saved answers or defaults",
    command: 'onboard',
    held: [
      'source/spec/load.ts',
      'flows/questions/guide-file.ts',
      'source/commands/saved-answers.ts',
      'source/commands/wizard-defaults.ts',
    ],
    frame: 'Start from',
    // The guide's clinic is there all the same: its services name the first choice.
    shows: ['rest-api'],
  },
  {
    name: "the wizard's first question waits for no API client, zod, YAML, spec schema or spinner",
    command: 'onboard',
    held: [
      'source/ngrok/client.ts',
      'node_modules/zod/',
      'node_modules/yaml/',
      'source/spec/schema.ts',
      'node_modules/cli-spinners/',
    ],
    frame: 'Start from',
    shows: ["The guide's clinic", 'question 1 of'],
  },
  {
    // The fleet's first frame is an empty table: it needs neither the health model (which judges what the first
    // refresh reads) nor the audit log (which only the detail view shows).
    name: "the fleet's first frame waits for no API client, zod, conf, health model or audit log",
    command: 'fleet',
    held: [
      'source/ngrok/client.ts',
      'node_modules/zod/',
      'node_modules/conf/',
      'source/fleet/memory-file.ts',
      'source/fleet/health.ts',
      'source/fleet/endpoint-health.ts',
      'source/fleet/audit-tail.ts',
      'source/store/audit-log.ts',
    ],
    frame: 'clinic-tui fleet',
    shows: ['0 clinics', 'q quit'],
  },
];

for (const [index, { name, command, held, frame, shows }] of frames.entries()) {
  it(name, async () => {
    session = runHolding(build, `clinic-tui-e2e-first-frame-${index}`, command, chunksHolding(build, held));
    const screen = await session.waitFor(frame, 60_000);
    for (const text of shows) expect(screen).toContain(text);
  }, 120_000);
}
