/**
 * Runs tasks at the same time and waits for every one of them, then fails with the first failure. Unlike
 * Promise.all, nothing a step started is still running (and reporting changes) after the step has failed, so the
 * summary that follows the flow lists every change.
 */
export async function allSettled<T>(tasks: Promise<T>[]): Promise<T[]> {
  const outcomes = await Promise.allSettled(tasks);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}
