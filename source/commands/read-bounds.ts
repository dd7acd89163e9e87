/** A read that stops requesting once its signal aborts (the ngrok client's lists and gets take one). */
export type AbortableRead<T> = (signal: AbortSignal) => Promise<T>;

/**
 * Settles to undefined when the read fails or takes longer than `ms`: what the wizard reads never stops it. The
 * read's signal aborts when the bound passes, so it requests no further page and its queued requests leave the
 * shared rate limiter instead of going out ahead of the plan's own; it aborts too once the read has answered,
 * which ends any part of it the answer did not wait for.
 */
export function within<T>(read: AbortableRead<T>, ms: number): Promise<T | undefined> {
  const controller = new AbortController();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      controller.abort(new Error(`the account took longer than ${ms} ms`));
      resolve(undefined);
    }, ms);
    timer.unref?.();
    Promise.resolve()
      .then(() => read(controller.signal))
      .then(resolve, () => resolve(undefined))
      .finally(() => {
        clearTimeout(timer);
        controller.abort(new Error('the read has answered'));
      });
  });
}

/**
 * One read shared by every caller: the first call starts it, later calls wait for the same answer. It is aborted
 * only when every caller waiting for it has given up (their signals aborted); a read that failed or was given up
 * is started afresh by the next call.
 */
export function sharedRead<T>(read: AbortableRead<T>): AbortableRead<T> {
  let current:
    | { answer: Promise<T>; controller: AbortController; waiting: number; settled: boolean }
    | undefined;
  return (signal) => {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (!current) {
      const controller = new AbortController();
      const started = { answer: read(controller.signal), controller, waiting: 0, settled: false };
      started.answer.then(
        () => {
          started.settled = true;
        },
        () => {
          started.settled = true;
          if (current === started) current = undefined;
        },
      );
      current = started;
    }
    const shared = current;
    shared.waiting++;
    return new Promise<T>((resolve, reject) => {
      const giveUp = () => {
        reject(signal.reason);
        shared.waiting--;
        if (shared.waiting > 0 || shared.settled) return;
        if (current === shared) current = undefined;
        shared.controller.abort(signal.reason);
      };
      signal.addEventListener('abort', giveUp, { once: true });
      shared.answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', giveUp));
    });
  };
}
