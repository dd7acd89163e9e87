/** The one-line message of a failure, for step:fail events. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What to do next, when the error carries it (UserError, ExternalError, NgrokApiError all have `hint`). */
export function errorHint(error: unknown): string | undefined {
  const hint = (error as { hint?: unknown } | null)?.hint;
  return typeof hint === 'string' && hint !== '' ? hint : undefined;
}
