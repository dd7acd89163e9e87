import type { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerDoctor } from './doctor.js';
import { registerFleet } from './fleet.js';
import { registerLint } from './lint.js';
import { registerOffboard } from './offboard.js';
import { registerOnboard } from './onboard.js';
import { registerRender } from './render.js';
import { registerRotate } from './rotate.js';
import { registerSandbox } from './sandbox.js';
import { registerSchema } from './schema.js';

/** Adds every subcommand to the program. One line per command file. */
export function registerCommands(program: Command): void {
  registerDoctor(program);
  registerDemo(program);
  registerLint(program);
  registerRender(program);
  registerSchema(program);
  registerSandbox(program);
  registerOnboard(program);
  registerOffboard(program);
  registerRotate(program);
  registerFleet(program);
}
