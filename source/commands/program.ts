import { Command, CommanderError } from 'commander';
import { AbortedError, ExitCode, exitCodeFor, formatError } from '../errors.js';
import { version } from '../version.js';
import { configureHelp } from './help.js';
import { registerCommands } from './index.js';

/**
 * Builds the program for `args`: only the subcommands the run needs are registered (see registerCommands); each
 * lives in source/commands and imports its heavy parts lazily.
 */
export async function buildProgram(args: readonly string[]): Promise<Command> {
  const program = new Command('clinic-tui')
    .description('Onboard, watch and rotate ngrok remote access for a fleet of medical clinics.')
    .version(version, '-v, --version', 'Show the version')
    .usage('<command> [flags]')
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (text, write) => write(text) })
    .exitOverride();
  await registerCommands(program, args);
  program.commandsGroup('Help:').helpCommand('help [command]', 'Show help for a command');
  configureHelp(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the CLI and returns the exit code; commands set process.exitCode for outcomes other than success. */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; every other parse problem is a usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (!(error instanceof AbortedError && error.shown)) process.stderr.write(`${formatError(error)}\n`);
    return exitCodeFor(error);
  }
}
