import type { Command } from 'commander';

/** `clinic-tui schema`: prints the answers file's JSON Schema, for editors' completion and checking. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the answers file (for editor completion and validation)')
    .action(async () => {
      const { answersJsonSchema } = await import('../spec/json-schema.js');
      process.stdout.write(`${JSON.stringify(answersJsonSchema(), null, 2)}\n`);
    });
}
