import { readFile, stat } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { UserError } from '../errors.js';
import type { ClinicSpec } from './schema.js';
import { validateSpec } from './validate.js';

/** Larger than any clinic's answers file by far; a bigger file is a wrong path, not answers. */
export const maxAnswersBytes = 1024 * 1024;

// The checks are in validate.ts; the commands that read a file find them here too.
export { formatPath, type SpecIssue, toSpecIssues, validateSpec } from './validate.js';

const readHint =
  'Pass --answers with the path of a YAML or JSON answers file; assets/examples/clinic1.yml is an example.';

/** Parses answers text (YAML is a superset of JSON, so one parser reads both). */
export function parseAnswersText(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const syntaxHint =
    'Fix the syntax (indentation, quotes, commas) and run again; `clinic-tui lint FILE` shows every problem.';
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new UserError(
      `${source} is not valid YAML or JSON: ${first.message.split('\n')[0]!.replace(/:$/, '')}`,
      syntaxHint,
    );
  }
  // A tag YAML cannot resolve (`!!js/function`, a custom `!tag`) would be read as a plain value: refuse it instead.
  const unresolved = doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (unresolved) {
    throw new UserError(
      `${source} uses a YAML tag clinic-tui does not read: ${unresolved.message.split('\n')[0]!.replace(/:$/, '')}`,
      'Remove the tag (the text starting with !) and write the plain value.',
    );
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // The yaml library refuses alias expansions that would blow up (a "billion laughs" file).
    throw new UserError(`${source} cannot be read as answers: ${(error as Error).message}`, syntaxHint);
  }
  if (data === null || data === undefined) {
    throw new UserError(`${source} is empty.`, "Start from assets/examples/clinic1.yml, the guide's clinic.");
  }
  return data;
}

/** Reads an answers file as UTF-8 text; a missing, unreadable, huge or binary file is a UserError. */
async function readAnswersText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new UserError(`The answers file ${path} is a directory.`, readHint);
    if (info.size > maxAnswersBytes) {
      throw new UserError(
        `The answers file ${path} is ${Math.round(info.size / 1024)} KiB; an answers file is a few KiB at most.`,
        readHint,
      );
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? ': no such file'
        : code === 'EACCES'
          ? ': permission denied'
          : ` (${code ?? 'unknown error'})`;
    throw new UserError(`Cannot read the answers file ${path}${why}.`, readHint);
  }
  try {
    if (bytes.includes(0)) throw new Error('NUL byte');
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`The answers file ${path} is not a text file (YAML or JSON in UTF-8).`, readHint);
  }
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
