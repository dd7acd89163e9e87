import { RateLimiter, type RateLimiterOptions } from '../ngrok/rate-limiter.js';

/**
 * The fleet's share of the API budget. ngrok allows 120 requests per rolling 60 s per account, shared with
 * everything else the customer runs, so the fleet view spends at most half: every fleet request waits for a slot
 * in this 60/60 s window and then for one in the process-wide window, so a rotation started from the fleet
 * screen still counts against the same 120.
 */
export class FleetBudget extends RateLimiter {
  constructor(
    private readonly parent: RateLimiter,
    options: RateLimiterOptions = {},
  ) {
    super({
      ...options,
      limit: options.limit ?? Math.floor(parent.limit / 2),
      windowMs: options.windowMs ?? parent.windowMs,
    });
  }

  override async acquire(signal?: AbortSignal): Promise<void> {
    await super.acquire(signal);
    await this.parent.acquire(signal);
  }

  override pauseFor(ms: number): void {
    super.pauseFor(ms);
    this.parent.pauseFor(ms);
  }
}
