import * as z from '../zod.js';

/** Checks several answers-file fields share, each with a message in the product's words instead of zod's own. */

/** Text with no whitespace at either end, or empty: JavaScript's \s is exactly what String.prototype.trim removes. */
const noSurroundingSpace = /^(?:\S(?:[\s\S]*\S)?)?$/;

/** What to do about whitespace around a value, such as `remove the space after "clinic1"`; undefined when none. */
function surroundingSpaceProblem(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === value) return undefined;
  if (trimmed === '') return 'is only spaces: write the value, or leave the key out where it is optional';
  const before = value !== value.trimStart();
  const after = value !== value.trimEnd();
  const where = before && after ? 'the spaces around' : before ? 'the space before' : 'the space after';
  return `remove ${where} ${JSON.stringify(trimmed)}`;
}

/**
 * The first check of a name, URL, address or path: a space at either end (a quoted YAML value keeps it) is named as
 * such, and the field's other checks are skipped, since they would call it a bad character or a bad label. As a
 * regex, it reaches the JSON Schema as a pattern.
 */
export const spaceless = z.regex(noSurroundingSpace, {
  error: (issue) => surroundingSpaceProblem(String(issue.input)),
  abort: true,
});

/** An error for a field with a fixed set of values: the space around a value when that is the slip, else `message`. */
export function oneOf(message: string): (issue: { input?: unknown }) => string {
  return (issue) => (typeof issue.input === 'string' && surroundingSpaceProblem(issue.input)) || message;
}

/** At most `max` characters, saying how many the value has; `why` follows the count (", as a DNS name is"). */
export function atMost(max: number, why = '') {
  return z.maxLength(max, {
    error: (issue) => `must be at most ${max} characters (it has ${String(issue.input).length})${why}`,
  });
}
