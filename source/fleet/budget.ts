import { NgrokClient, type NgrokClientOptions } from '../ngrok/client.js';
import { defaultRateLimiter, type RateLimiterOptions } from '../ngrok/rate-limiter.js';
import { FleetBudget } from './fleet-budget.js';

// The budget is a module of its own, so the fleet screen can keep to it before the API client loads.
export { FleetBudget };

/** A client for the fleet view whose requests go through a FleetBudget (half the process limiter's budget). */
export function createFleetClient(
  options: NgrokClientOptions,
  budgetOptions: RateLimiterOptions = {},
): { client: NgrokClient; budget: FleetBudget } {
  const budget = new FleetBudget(options.limiter ?? defaultRateLimiter(), budgetOptions);
  return { client: new NgrokClient({ ...options, limiter: budget }), budget };
}
