import type { Credential, Endpoint, ReservedAddr, TunnelSession } from '../ngrok/types.js';
import {
  agentEndpointFact,
  cloudEndpointFact,
  credentialFact,
  reservedAddrFact,
  sessionFact,
} from './facts.js';
import type { FleetSnapshot } from './snapshot.js';

/**
 * Reads the account for the fleet at the API's request floor. Sessions and agent endpoints change by the second
 * and are read completely on every refresh; credentials, cloud endpoints (with their policies) and reserved
 * addresses change only when someone onboards, rotates or edits, so they are read a page at a time across
 * refreshes (a round-robin cursor), and each list replaces the old one once it has been read to its end.
 * Each item is kept as its fact (facts.ts) as soon as it is read, so no page of full API objects outlives its
 * request.
 */

/** The part of NgrokClient the fleet reads; tests and benches may pass anything of this shape. */
export interface FleetApi {
  tunnelSessions: { list(): AsyncIterable<TunnelSession> };
  endpoints: { list(options?: { filter?: string }): AsyncIterable<Endpoint> };
  credentials: { list(options?: { filter?: string }): AsyncIterable<Credential> };
  reservedAddrs: { list(): AsyncIterable<ReservedAddr> };
  /** Requests sent so far (retries included). */
  readonly requestCount: number;
}

/**
 * Items per API page (ngrok's maximum, https://ngrok.com/docs/api/#pagination); the slow cursor reads this many per
 * page it is allowed.
 */
export const fleetPageSize = 100;

// Agent endpoints are reported as `agent` (https://ngrok.com/docs/api/api-filtering) or `ephemeral` (`type` at
// https://ngrok.com/docs/api-reference/endpoints/list). Filtering by type server-side keeps the per-refresh cost at
// ceil(agent endpoints / 100) instead of also paging through every cloud endpoint.
const agentEndpointFilter = 'obj.type == "agent" || obj.type == "ephemeral"';
const cloudEndpointFilter = 'obj.type == "cloud"';

type SlowKey = 'credentials' | 'cloudEndpoints' | 'reservedAddrs';
const slowOrder: SlowKey[] = ['credentials', 'cloudEndpoints', 'reservedAddrs'];

interface SlowCursor {
  key: SlowKey;
  iterator: AsyncIterator<unknown>;
  items: unknown[];
}

export class FleetFetcher {
  private readonly complete: Pick<FleetSnapshot, SlowKey> = {};
  private fast: Pick<FleetSnapshot, 'sessions' | 'agentEndpoints'> = {};
  private cursor: SlowCursor | undefined;
  private nextSlow = 0;

  constructor(private readonly api: FleetApi) {}

  /** What has been read so far; slow lists appear once read to their end. */
  snapshot(): FleetSnapshot {
    return { ...this.fast, ...this.complete };
  }

  /** True once every list has been read completely at least once. */
  isComplete(): boolean {
    return slowOrder.every((key) => this.complete[key] !== undefined) && this.fast.sessions !== undefined;
  }

  /** Reads tunnel sessions and agent endpoints completely. */
  async readFast(): Promise<void> {
    const sessions = await drain(this.api.tunnelSessions.list(), sessionFact);
    const agentEndpoints = await drain(
      this.api.endpoints.list({ filter: agentEndpointFilter }),
      agentEndpointFact,
    );
    this.fast = { sessions, agentEndpoints };
  }

  /** Reads one slow list completely (restarting its cursor), e.g. credentials first on the first refresh. */
  async readSlowList(key: SlowKey): Promise<void> {
    if (this.cursor?.key === key) await this.dropCursor();
    const items = await drain(this.open(key), slowFacts[key]);
    this.complete[key] = items as never;
  }

  /** Advances the round-robin cursor over the slow lists by up to `pages` pages. */
  async advanceSlow(pages: number): Promise<void> {
    for (let page = 0; page < pages; page++) {
      this.cursor ??= this.startCursor();
      const { key, iterator, items } = this.cursor;
      let finished = false;
      try {
        for (let n = 0; n < fleetPageSize; n++) {
          const next = await iterator.next();
          if (next.done) {
            finished = true;
            break;
          }
          const fact = slowFacts[key](next.value as never);
          if (fact) items.push(fact);
        }
      } catch (error) {
        // A broken page leaves the iterator unusable; that list starts over on a later refresh.
        this.cursor = undefined;
        throw error;
      }
      if (finished) {
        this.complete[key] = items as never;
        this.cursor = undefined;
      }
    }
  }

  /** Releases an open page cursor (when the poller stops). */
  async close(): Promise<void> {
    await this.dropCursor();
  }

  private startCursor(): SlowCursor {
    const key = slowOrder[this.nextSlow % slowOrder.length] ?? 'credentials';
    this.nextSlow++;
    return { key, iterator: this.open(key)[Symbol.asyncIterator](), items: [] };
  }

  private open(key: SlowKey): AsyncIterable<never> {
    if (key === 'credentials') return this.api.credentials.list() as AsyncIterable<never>;
    if (key === 'cloudEndpoints') {
      return this.api.endpoints.list({ filter: cloudEndpointFilter }) as AsyncIterable<never>;
    }
    return this.api.reservedAddrs.list() as AsyncIterable<never>;
  }

  private async dropCursor(): Promise<void> {
    const cursor = this.cursor;
    this.cursor = undefined;
    await cursor?.iterator.return?.();
  }
}

/** Each slow list's fact; resources that are not a clinic's (undefined) are not kept. */
const slowFacts: Record<SlowKey, (item: never) => object | undefined> = {
  credentials: (item: Credential) => credentialFact(item),
  cloudEndpoints: (item: Endpoint) => cloudEndpointFact(item),
  reservedAddrs: (item: ReservedAddr) => reservedAddrFact(item),
};

/** Reads a list to its end, keeping each item's fact. */
async function drain<T, F>(iterable: AsyncIterable<T>, fact: (item: T) => F | undefined): Promise<F[]> {
  const facts: F[] = [];
  for await (const item of iterable) {
    const kept = fact(item);
    if (kept !== undefined) facts.push(kept);
  }
  return facts;
}
