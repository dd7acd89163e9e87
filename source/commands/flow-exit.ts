import type { FlowRunResult } from '../../flows/runner.js';
import { ExitCode, exitCodeFor, formatError } from '../errors.js';

/**
 * The exit code for a finished flow: 130 when interrupted, the failure's own code when a step failed (a bug's
 * stack goes to stderr with a request to report it; known failures were already shown by the presenter), 1 when
 * the flow ran but its checks failed, else 0.
 */
export function flowExitCode(result: FlowRunResult, checksFailed = false): number {
  if (result.aborted) return ExitCode.interrupted;
  if (result.failure) {
    const code = exitCodeFor(result.failure.error);
    if (code === ExitCode.bug) process.stderr.write(`${formatError(result.failure.error)}\n`);
    return code;
  }
  return checksFailed ? ExitCode.external : ExitCode.ok;
}
