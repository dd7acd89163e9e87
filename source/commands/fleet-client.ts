import type { FleetApi } from '../fleet/fetcher.js';
import { FleetBudget } from '../fleet/fleet-budget.js';
import { checkApiEnvironment, requireApiKey } from '../ngrok/api-env.js';
import { defaultRateLimiter } from '../ngrok/rate-limiter.js';

/** The fleet's API client and the budget it keeps to. */
export interface FleetClient {
  api: FleetApi;
  budget: FleetBudget;
}

/**
 * A client from NGROK_API_KEY whose requests stay within the fleet's half of the API budget. The environment is
 * checked now (a missing key fails before any screen, exit 2); the client's modules, with the zod schemas of the
 * API's answers, load on its first request, so the fleet screen's first frame never waits for them.
 */
export function fleetClientFromEnv(
  env: NodeJS.ProcessEnv,
  options: { signal?: AbortSignal; onRateLimitWait?: (seconds: number) => void } = {},
): FleetClient {
  checkApiEnvironment(env);
  requireApiKey(env);
  const budget = new FleetBudget(defaultRateLimiter());
  let client: FleetApi | undefined;
  let loading: Promise<FleetApi> | undefined;
  const load = () => {
    loading ??= import('../ngrok/key.js').then(({ apiClientFromEnv }) => {
      client = apiClientFromEnv(env, { ...options, limiter: budget });
      return client;
    });
    return loading;
  };
  const list = <T>(read: (api: FleetApi) => AsyncIterable<T>): AsyncIterable<T> => ({
    async *[Symbol.asyncIterator]() {
      yield* read(await load());
    },
  });
  const api: FleetApi = {
    tunnelSessions: { list: () => list((real) => real.tunnelSessions.list()) },
    endpoints: { list: (filter) => list((real) => real.endpoints.list(filter)) },
    credentials: { list: (filter) => list((real) => real.credentials.list(filter)) },
    reservedAddrs: { list: () => list((real) => real.reservedAddrs.list()) },
    get requestCount() {
      return client?.requestCount ?? 0;
    },
  };
  return { api, budget };
}
