import type { Command } from 'commander';
import { addHelpSections } from './help.js';

/** `clinic-tui lint FILE...`: checks agent configs, Traffic Policies, API request bodies and answers files. */
export function registerLint(program: Command): void {
  const command = program
    .command('lint')
    .description(
      'check ngrok.yml files, Traffic Policies (YAML/JSON), endpoint request bodies and answers files',
    )
    .argument(
      '<file...>',
      'files to check; given together, forward-internal targets are checked against agent configs',
    )
    .option(
      '--acl <rule>',
      'check that every agent endpoint is covered by this ACL rule (repeatable)',
      collect,
    )
    .option('--json', 'print the findings as JSON');
  addHelpSections(command, {
    examples: [
      [
        'clinic-tui lint /etc/ngrok/ngrok.yml policy.yml',
        'forward-internal targets checked against the config',
      ],
      ['clinic-tui lint clinic1.yml --json'],
    ],
    exitCodes: [
      [0, 'no errors'],
      [1, 'some error found'],
      [2, 'a file cannot be read or recognised'],
    ],
  }).action(async (files: string[], options: { acl?: string[]; json?: boolean }) => {
    const { runLint } = await import('../lint/run.js');
    process.exitCode = await runLint(files, options);
  });
}

/** Each --acl adds a rule (no default, which the help would show as `[]`). */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
