import { clinicSpecSchema } from '../../source/spec/schema.js';

// What the wizard checks answers with, all of it loaded after the first question is on screen (spec-checks.ts).
export { cidrHostBitsProblem } from '../../source/spec/cidr.js';
export { validateSpec } from '../../source/spec/validate.js';

/**
 * The schema's message for one field of a draft, or undefined when that field is fine. The whole draft is
 * parsed so the field is checked exactly as an answers file would be (including cross-field rules once the
 * rest of the draft is valid); issues about other fields are ignored here and asked about in their own turn.
 */
export function fieldError(draft: unknown, path: readonly (string | number)[]): string | undefined {
  const result = clinicSpecSchema.safeParse(draft);
  if (result.success) return undefined;
  const issue = result.error.issues.find(
    (candidate) =>
      candidate.path.length === path.length && candidate.path.every((key, index) => key === path[index]),
  );
  if (!issue) return undefined;
  return issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
}
