import { AbortedError, ExitCode } from '../errors.js';

/**
 * Runs a command with Ctrl+C wired to an AbortController: the first Ctrl+C aborts (the flow stops at a step
 * boundary, rolls back where it must and checkpoints), a second one leaves at once with exit code 130.
 */
export async function withInterrupt<T>(run: (controller: AbortController) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await run(controller);
  } catch (error) {
    // A request cut short by Ctrl+C fails with Node's AbortError: that is the interruption, not a bug.
    if (controller.signal.aborted && (error as { name?: unknown } | undefined)?.name === 'AbortError')
      throw new AbortedError('Interrupted.');
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
