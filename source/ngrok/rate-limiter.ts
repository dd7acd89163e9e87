/**
 * A rolling-window limiter: at most `limit` requests in any `windowMs`. ngrok allows 120 requests per rolling
 * 60 s per account and answers ERR_NGROK_226 beyond that (https://ngrok.com/docs/api/#rate-limits), so the tool
 * waits here instead.
 */
export interface RateLimiterOptions {
  limit?: number;
  windowMs?: number;
  /** Injectable for tests. */
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Start times of the requests in the current window, oldest first. */
  private readonly starts: number[] = [];
  /** Serialises waiters so they are served in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  /** Earliest time the next request may start, pushed out after a 429. */
  private pausedUntil = 0;

  constructor(options: RateLimiterOptions = {}) {
    this.limit = options.limit ?? 120;
    this.windowMs = options.windowMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
  }

  /** Requests started in the current window (for the fleet header, e.g. "API 37/120"). */
  inUse(): number {
    this.prune(this.clock());
    return this.starts.length;
  }

  /** Waits until a request may start, then counts it. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot(signal));
    // A failed (aborted) waiter must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Holds every request back until `ms` from now (used after ngrok answered 429). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock() + ms);
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock();
      this.prune(now);
      const waitPause = this.pausedUntil - now;
      const oldest = this.starts[0];
      const waitWindow =
        this.starts.length >= this.limit && oldest !== undefined ? oldest + this.windowMs - now : 0;
      const wait = Math.max(waitPause, waitWindow);
      if (wait <= 0) {
        this.starts.push(now);
        return;
      }
      await this.sleep(wait, signal);
    }
  }

  private prune(now: number): void {
    while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - this.windowMs) this.starts.shift();
  }
}

/** Resolves after `ms`, or rejects when the signal aborts. */
export function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

let processLimiter: RateLimiter | undefined;

/** The one limiter every client in this process shares unless a test injects its own. */
export function defaultRateLimiter(): RateLimiter {
  processLimiter ??= new RateLimiter();
  return processLimiter;
}
