/**
 * The account's API budget: `limit` requests per rolling 60 s (ngrok: 120, then 429 ERR_NGROK_226,
 * https://ngrok.com/docs/api/#rate-limits). Only requests that are served count.
 */
export class RateWindow {
  private readonly starts: number[] = [];

  constructor(
    public limit: number,
    private readonly clock: () => number,
    /** Whether a 429 carries Retry-After. ngrok documents none (https://ngrok.com/docs/api/#rate-limits). */
    readonly sendsRetryAfter = false,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts a request and returns 0, or returns the milliseconds until one would be allowed. */
  take(): number {
    if (this.limit <= 0) return 0;
    const now = this.clock();
    while (this.starts.length > 0 && (this.starts[0] ?? 0) <= now - this.windowMs) this.starts.shift();
    if (this.starts.length >= this.limit) return (this.starts[0] ?? now) + this.windowMs - now;
    this.starts.push(now);
    return 0;
  }
}
