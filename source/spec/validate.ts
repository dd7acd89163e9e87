import type * as z from '../zod.js';
import { type ClinicSpec, clinicSpecSchema } from './schema.js';
import { normalizeAnswerUrls } from './url-normal.js';

/**
 * The checks of an answers file's content, apart from reading it: the wizard validates its answers with these
 * without loading the YAML parser that load.ts brings.
 */

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

/** How a value of the wrong type reads in a message: `the text "22"`, `a list`, `a date (a !!timestamp value)`. */
function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  // The YAML types beyond JSON's, which the yaml library reads from their tags into these objects.
  if (value instanceof Date) return 'a date (a !!timestamp value)';
  if (value instanceof Uint8Array) return 'binary data (a !!binary value)';
  if (value instanceof Set) return 'a set (a !!set value)';
  if (value instanceof Map) return 'an ordered mapping (a !!omap value)';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

const expectedWords: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
};

/** Turns zod issues into field-path messages; unknown keys are named one by one. */
export function toSpecIssues(error: z.core.$ZodError): SpecIssue[] {
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
    if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
      // zod's own wording ("Invalid input: expected boolean, received string") says neither what to write nor why.
      const expected = expectedWords[issue.expected] ?? issue.expected;
      return [
        { path: formatPath(issue.path), message: `must be ${expected}, not ${describeValue(issue.input)}` },
      ];
    }
    return [{ path: formatPath(issue.path), message: issue.message }];
  });
}

/**
 * Validates parsed data; returns the spec or the list of issues. Endpoint URLs are first spelled as ngrok stores
 * them (url-normal.ts), so `https://API.example.com:443` is checked, stored and compared as `https://api.example.com`.
 */
export function validateSpec(data: unknown): { spec: ClinicSpec } | { issues: SpecIssue[] } {
  // reportInput: the issues carry the value found, so a wrong type is told apart from a missing field.
  const result = clinicSpecSchema.safeParse(normalizeAnswerUrls(data), { reportInput: true });
  return result.success ? { spec: result.data } : { issues: toSpecIssues(result.error) };
}
