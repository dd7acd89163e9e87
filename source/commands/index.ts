import type { Command } from 'commander';
import { registerLint } from './lint.js';
import { registerSandbox } from './sandbox.js';
import { registerOnboard } from './onboard.js';

/** Adds every subcommand to the program. One line per command file. */
export function registerCommands(program: Command): void {
  void program;
  registerLint(program);
  registerSandbox(program);
  registerOnboard(program);
}
