import { UserError } from '../errors.js';
import { readAnswersData } from './answers-text.js';
import { readConfigFile } from './read-file.js';
import type { ClinicSpec } from './schema.js';
import { validateSpec } from './validate.js';

// The checks are in validate.ts; the commands that read a file find them here too.
export { formatPath, type SpecIssue, toSpecIssues, validateSpec } from './validate.js';

const readHint =
  'Pass --answers with the path of a YAML or JSON answers file; assets/examples/clinic1.yml is an example.';

/** Parses answers text (YAML or JSON); the first problem that stops it is a UserError naming the source. */
export function parseAnswersText(text: string, source: string): unknown {
  const read = readAnswersData(text);
  if ('data' in read) return read.data;
  const first = read.problems[0]!;
  throw new UserError(`${source} ${first.message}`, first.hint);
}

/** Reads an answers file as UTF-8 text (read-file.ts says which files are refused); a refusal is a UserError. */
async function readAnswersText(path: string): Promise<string> {
  const read = await readConfigFile(path);
  if ('text' in read) return read.text;
  throw new UserError(`The answers file ${path} ${read.problem}.`, readHint);
}

/** Reads and validates an answers file; any problem is a UserError naming every bad field. */
export async function loadAnswersFile(path: string): Promise<ClinicSpec> {
  const result = validateSpec(parseAnswersText(await readAnswersText(path), path));
  if ('spec' in result) return result.spec;
  const lines = result.issues.map((issue) => `  ${issue.path}: ${issue.message}`);
  throw new UserError(
    `${path} has ${result.issues.length === 1 ? 'a problem' : `${result.issues.length} problems`}:\n${lines.join('\n')}`,
    'Fix the fields named above and run again.',
  );
}
