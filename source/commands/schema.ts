import type { Command } from 'commander';
import { writeJsonDocument } from '../ui/json-document.js';
import { addHelpSections } from './help.js';

/**
 * The answers file's JSON Schema as printed, computed by scripts/build.mjs from source/spec/json-schema.ts and put
 * in the bundle (esbuild's `define`), so the command loads no zod; undefined when running from source.
 */
declare const CLINIC_TUI_ANSWERS_SCHEMA: string | undefined;

/** `clinic-tui schema`: prints the answers file's JSON Schema, for editors' completion and checking. */
export function registerSchema(program: Command): void {
  const command = program
    .command('schema')
    .description('print the JSON Schema of the answers file (for editor completion and validation)');
  addHelpSections(command, {
    examples: [
      [
        'clinic-tui schema > clinic-answers.schema.json',
        'then `# yaml-language-server: $schema=clinic-answers.schema.json` atop an answers file',
      ],
    ],
    exitCodes: [[0, 'printed']],
  }).action(async () => {
    // One if/else, so the build (where the condition is a constant) drops the import of the source and its zod.
    if (typeof CLINIC_TUI_ANSWERS_SCHEMA !== 'undefined')
      writeJsonDocument(JSON.parse(CLINIC_TUI_ANSWERS_SCHEMA));
    else writeJsonDocument((await import('../spec/json-schema.js')).answersJsonSchema());
  });
}
