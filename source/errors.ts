/**
 * Three kinds of failure, one handler. A UserError is the user's to fix (exit 2), an ExternalError is the
 * world's (ngrok API, SSH, a remote command: exit 1); anything else is our bug.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** What to do next, in one line. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

export class ExternalError extends Error {
  override readonly name = 'ExternalError';
  readonly hint: string | undefined;
  constructor(message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.hint = hint;
  }
}

/** Exit codes, as the README documents them. */
export const ExitCode = {
  ok: 0,
  external: 1,
  usage: 2,
  unhealthy: 3,
  bug: 70,
  interrupted: 130,
} as const;

/** Thrown when the user aborts (Ctrl+C, Esc on the first question). */
export class AbortedError extends Error {
  override readonly name = 'AbortedError';
  /** The screen already showed the message (the full-screen UI's last frame), so it is not printed again. */
  readonly shown: boolean;
  constructor(message = 'Aborted.', options: { shown?: boolean } = {}) {
    super(message);
    this.shown = options.shown ?? false;
  }
}

/**
 * Thrown by an Asker when the person asks to go back one question (Esc in the Ink wizard). The wizard engine
 * catches it and re-asks the previous question; on the first question it becomes an abort.
 */
export class GoBack extends Error {
  override readonly name = 'GoBack';
  constructor() {
    super('Back one question.');
  }
}

/** The exit code a failure maps to. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UserError) return ExitCode.usage;
  if (error instanceof ExternalError) return ExitCode.external;
  if (error instanceof AbortedError) return ExitCode.interrupted;
  if (isExternalLike(error)) return ExitCode.external;
  return ExitCode.bug;
}

/** Errors from other layers that declare themselves external (e.g. NgrokApiError) without importing this file. */
function isExternalLike(error: unknown): error is Error & { hint?: string } {
  return error instanceof Error && (error as { external?: unknown }).external === true;
}

/** The text shown for a failure: message, then what to do next. Bugs ask to be reported. */
export function formatError(error: unknown): string {
  if (error instanceof UserError || error instanceof ExternalError || isExternalLike(error)) {
    const hint = (error as { hint?: string }).hint;
    return hint ? `Error: ${error.message}\n${hint}` : `Error: ${error.message}`;
  }
  if (error instanceof AbortedError) return error.message;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `clinic-tui hit a bug. Please report it with the text below.\n${detail}`;
}
