import { type Command, Help } from 'commander';

/**
 * Help in the manner of gh: commands grouped by what a person is doing, descriptions as sentences, EXAMPLES,
 * ENVIRONMENT and EXIT CODES sections, and a usage error that shows the command's usage and where to read more.
 */

/** The groups of the top-level help, in the order a new user meets them. */
export const helpGroups = {
  setUp: 'Set up:',
  operate: 'Operate:',
  tools: 'Tools:',
  tryIt: 'Try:',
} as const;

/** The API variables, as every command that reads the account documents them. */
export const apiEnvironment: [string, string][] = [
  ['NGROK_API_KEY', 'the ngrok API key (required; never printed or stored)'],
  ['NGROK_API_URL', 'the API base URL (default https://api.ngrok.com)'],
];

export interface HelpSections {
  examples?: [string, string?][];
  environment?: [string, string][];
  exitCodes?: [number, string][];
  notes?: string[];
}

/** Adds EXAMPLES, ENVIRONMENT and EXIT CODES sections after a command's generated help. */
export function addHelpSections(command: Command, sections: HelpSections): Command {
  return command.addHelpText('after', () => formatSections(sections));
}

function formatSections({ examples, environment, exitCodes, notes }: HelpSections): string {
  const blocks: string[] = [];
  if (examples?.length) {
    const lines = examples.map(([line, comment]) => `  $ ${line}${comment ? `\n      ${comment}` : ''}`);
    blocks.push(`Examples:\n${lines.join('\n')}`);
  }
  if (environment?.length) blocks.push(`Environment:\n${table(environment)}`);
  if (exitCodes?.length) {
    blocks.push(`Exit codes:\n${table(exitCodes.map(([code, meaning]) => [String(code), meaning]))}`);
  }
  if (notes?.length) blocks.push(notes.join('\n'));
  return `\n${blocks.join('\n\n')}`;
}

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`).join('\n');
}

/** Upper-cases the first letter: every description in the help reads as a sentence. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Help formatting shared by the program and every subcommand: commander's texts, each as a sentence. */
export const helpConfiguration: Partial<Help> = {
  subcommandDescription(command) {
    return sentence(Help.prototype.subcommandDescription.call(this, command));
  },
  commandDescription(command) {
    return sentence(Help.prototype.commandDescription.call(this, command));
  },
  optionDescription(option) {
    return sentence(Help.prototype.optionDescription.call(this, option));
  },
  argumentDescription(argument) {
    return sentence(Help.prototype.argumentDescription.call(this, argument));
  },
};

/**
 * Applies the shared help to a command and its subcommands: the sentence style, and a usage error that prints the
 * command's usage and "Run '… --help'" after the error (exit 2 stays the CLI's business).
 */
export function configureHelp(command: Command, parents: string[] = []): void {
  const path = [...parents, command.name()].join(' ');
  command
    .configureHelp(helpConfiguration)
    .helpOption('-h, --help', 'Show help for this command')
    .showHelpAfterError(`Usage: ${path} ${command.usage()}\nRun '${path} --help' for more.`);
  for (const sub of command.commands) configureHelp(sub, [...parents, command.name()]);
}
