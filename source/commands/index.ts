import type { Command } from 'commander';
import { addHelpSections, apiEnvironment, helpGroups } from './help.js';

/** A subcommand: its help group and how to load its registration. */
interface CommandEntry {
  name: string;
  group: string;
  load(): Promise<(program: Command) => void>;
}

/** Every subcommand, in the order of the help, each registration in a module of its own. */
const commands: CommandEntry[] = [
  {
    name: 'onboard',
    group: helpGroups.setUp,
    load: async () => (await import('./onboard.js')).registerOnboard,
  },
  { name: 'doctor', group: helpGroups.setUp, load: async () => (await import('./doctor.js')).registerDoctor },
  { name: 'fleet', group: helpGroups.operate, load: async () => (await import('./fleet.js')).registerFleet },
  {
    name: 'verify',
    group: helpGroups.operate,
    load: async () => (await import('./verify.js')).registerVerify,
  },
  {
    name: 'rotate',
    group: helpGroups.operate,
    load: async () => (await import('./rotate.js')).registerRotate,
  },
  {
    name: 'offboard',
    group: helpGroups.operate,
    load: async () => (await import('./offboard.js')).registerOffboard,
  },
  { name: 'lint', group: helpGroups.tools, load: async () => (await import('./lint.js')).registerLint },
  { name: 'render', group: helpGroups.tools, load: async () => (await import('./render.js')).registerRender },
  { name: 'schema', group: helpGroups.tools, load: async () => (await import('./schema.js')).registerSchema },
  { name: 'demo', group: helpGroups.tryIt, load: async () => (await import('./demo.js')).registerDemo },
  {
    name: 'sandbox',
    group: helpGroups.tryIt,
    load: async () => (await import('./sandbox.js')).registerSandbox,
  },
];

/**
 * The subcommands a run needs: the one it names, none for `--version`, every one for the top-level help, `help`
 * and a misspelt name (whose suggestion needs them all). Each registration builds its options and help, which a
 * script calling one command should not pay for ten times.
 */
function commandsFor(args: readonly string[]): CommandEntry[] {
  const [first] = args;
  if (args.length === 1 && (first === '-v' || first === '--version')) return [];
  const named = commands.find((entry) => entry.name === first);
  return named ? [named] : commands;
}

/** Adds the subcommands `args` needs to the program, grouped in the help by what a person is doing. */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const wanted = commandsFor(args);
  const registrations = await Promise.all(wanted.map((entry) => entry.load()));
  wanted.forEach((entry, index) => {
    program.commandsGroup(entry.group);
    registrations[index]?.(program);
  });
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
