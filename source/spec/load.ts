import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import { type ClinicSpec, clinicSpecSchema } from './schema.js';

/** One problem in an answers file: where (a field path such as services[2].upstream) and what is allowed. */
export interface SpecIssue {
  path: string;
  message: string;
}

/** Formats a zod issue path the way the README and error messages show it: services[2].public.url. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** Turns zod issues into field-path messages; unknown keys are named one by one. */
export function toSpecIssues(error: z.ZodError): SpecIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: 'is not a known key (check its spelling; see the README for every key)',
      }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ path: formatPath(issue.path), message: 'is required' }];
    }
    return [{ path: formatPath(issue.path), message: issue.message }];
  });
}

/** Validates parsed data; returns the spec or the list of issues. */
export function validateSpec(data: unknown): { spec: ClinicSpec } | { issues: SpecIssue[] } {
  const result = clinicSpecSchema.safeParse(data);
  return result.success ? { spec: result.data } : { issues: toSpecIssues(result.error) };
}

/** Parses answers text (YAML is a superset of JSON, so one parser reads both). */
export function parseAnswersText(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new UserError(
      `${source} is not valid YAML or JSON: ${first.message.split('\n')[0]}`,
      'Fix the syntax (indentation, quotes, commas) and run again; `clinic-tui lint FILE` shows every problem.',
    );
  }
  return doc.toJS();
}

/** Reads and validates an answers file; any problem is a UserError naming every bad field. */
export async function loadAnswersFile(path: string): Promise<ClinicSpec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      `Cannot read the answers file ${path}${code === 'ENOENT' ? ': no such file' : ` (${code ?? 'unknown error'})`}.`,
      'Pass --answers with the path of a YAML or JSON answers file; assets/examples/clinic1.yml is an example.',
    );
  }
  const result = validateSpec(parseAnswersText(text, path));
  if ('spec' in result) return result.spec;
  const lines = result.issues.map((issue) => `  ${issue.path}: ${issue.message}`);
  throw new UserError(
    `${path} has ${result.issues.length === 1 ? 'a problem' : `${result.issues.length} problems`}:\n${lines.join('\n')}`,
    'Fix the fields named above and run again.',
  );
}
