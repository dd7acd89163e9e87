import type { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerDoctor } from './doctor.js';
import { registerFleet } from './fleet.js';
import { addHelpSections, apiEnvironment, helpGroups } from './help.js';
import { registerLint } from './lint.js';
import { registerOffboard } from './offboard.js';
import { registerOnboard } from './onboard.js';
import { registerRender } from './render.js';
import { registerRotate } from './rotate.js';
import { registerSandbox } from './sandbox.js';
import { registerSchema } from './schema.js';
import { registerVerify } from './verify.js';

/** Adds every subcommand to the program, grouped in the help by what a person is doing. */
export function registerCommands(program: Command): void {
  program.commandsGroup(helpGroups.setUp);
  registerOnboard(program);
  registerDoctor(program);
  program.commandsGroup(helpGroups.operate);
  registerFleet(program);
  registerVerify(program);
  registerRotate(program);
  registerOffboard(program);
  program.commandsGroup(helpGroups.tools);
  registerLint(program);
  registerRender(program);
  registerSchema(program);
  program.commandsGroup(helpGroups.tryIt);
  registerDemo(program);
  registerSandbox(program);
  addHelpSections(program, {
    examples: [
      ['clinic-tui demo', 'the whole story offline, against the built-in sandbox'],
      ['clinic-tui onboard', 'the wizard, on a terminal'],
      ['clinic-tui onboard --answers clinic1.yml --yes --json', 'headless, one JSON event per line'],
      ['clinic-tui fleet --once --json'],
      ['clinic-tui rotate clinic1'],
    ],
    environment: [
      ...apiEnvironment,
      ['CLINIC_TUI_HOME', "this laptop's state directory (default: the per-OS config directory)"],
      ['NO_COLOR', 'no colour'],
      ['TERM=dumb', 'plain prompts and lines instead of the full-screen UI'],
    ],
    notes: ["Run 'clinic-tui <command> --help' for more about a command."],
  });
}
