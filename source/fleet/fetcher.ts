import { agentEndpointsFilter, cloudEndpointsFilter } from '../ngrok/endpoint-filters.js';
import type { Credential, Endpoint, ReservedAddr, TunnelSession } from '../ngrok/types.js';
import {
  agentEndpointFact,
  cloudEndpointFact,
  credentialFact,
  reservedAddrFact,
  sessionFact,
} from './facts.js';
import { type BudgetGauge, type ListRead, readList, readTogether, type Turn } from './read-together.js';
import type { FleetSnapshot } from './snapshot.js';

/**
 * Reads the account for the fleet at the API's request floor. Sessions and agent endpoints change by the second
 * and are read completely on every refresh; credentials, cloud endpoints (with their policies) and reserved
 * addresses change only when someone onboards, rotates or edits, so they are read a page at a time across
 * refreshes (a round-robin cursor), and each list replaces the old one once it has been read to its end.
 * Each item is kept as its fact (facts.ts) as soon as it is read, so no page of full API objects outlives its
 * request. The lists of one refresh are read side by side (read-together.ts).
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

type SlowKey = 'credentials' | 'cloudEndpoints' | 'reservedAddrs';
const slowOrder: SlowKey[] = ['credentials', 'cloudEndpoints', 'reservedAddrs'];

interface SlowCursor {
  key: SlowKey;
  iterator: AsyncIterator<unknown>;
  items: unknown[];
  /** When the read began (ms): what was created after it may be missing from the list. */
  startedAt: number;
}

/** Reads the fleet's lists for the poller and keeps what it has read (see above). */
export class FleetFetcher {
  private readonly complete: Pick<FleetSnapshot, SlowKey> = {};
  /** When each slow list's last complete read began (ms). */
  private readonly readFrom: Partial<Record<SlowKey, number>> = {};
  private readonly fast: Pick<FleetSnapshot, 'sessions' | 'agentEndpoints'> = {};
  private cursor: SlowCursor | undefined;
  private nextSlow = 0;

  /** `budget`: the fleet's share of the API budget; while it is full, the lists are read in priority order. */
  constructor(
    private readonly api: FleetApi,
    private readonly budget?: BudgetGauge,
  ) {}

  /** What has been read so far; slow lists appear once read to their end. */
  snapshot(): FleetSnapshot {
    const { cloudEndpoints, reservedAddrs } = this.readFrom;
    const publicUrlsReadFrom =
      cloudEndpoints !== undefined && reservedAddrs !== undefined
        ? { publicUrlsReadFrom: new Date(Math.min(cloudEndpoints, reservedAddrs)).toISOString() }
        : {};
    return { ...this.fast, ...this.complete, ...publicUrlsReadFrom };
  }

  /** True once every list has been read completely at least once. */
  isComplete(): boolean {
    const fastRead = this.fast.sessions !== undefined && this.fast.agentEndpoints !== undefined;
    return fastRead && slowOrder.every((key) => this.complete[key] !== undefined);
  }

  /**
   * Reads every list completely, all at once (the first pages go out together); `onRead` runs each time a list
   * has been read to its end. Credentials come first when the budget is full: they say which clinics exist, so
   * the table fills before the slower lists finish.
   */
  async readAll(onRead?: () => void): Promise<void> {
    await this.dropCursor();
    const slow =
      (key: SlowKey): ListRead =>
      async (turn) => {
        const startedAt = Date.now();
        this.complete[key] = (await readList(this.open(key), slowFacts[key], turn)) as never;
        this.readFrom[key] = startedAt;
        onRead?.();
      };
    await readTogether(
      [slow('credentials'), ...this.fastReads(onRead), slow('cloudEndpoints'), slow('reservedAddrs')],
      this.budget,
    );
  }

  /** Reads tunnel sessions and agent endpoints completely and, at the same time, `slowPages` slow-list pages. */
  async readFastAndSlow(slowPages: number): Promise<void> {
    await readTogether([...this.fastReads(), (turn) => this.advanceSlow(slowPages, turn)], this.budget);
  }

  /** Releases an open page cursor (when the poller stops). */
  async close(): Promise<void> {
    await this.dropCursor();
  }

  /** Sessions and agent endpoints, each kept as soon as it is read to its end. */
  private fastReads(onRead?: () => void): ListRead[] {
    return [
      async (turn) => {
        this.fast.sessions = await readList(this.api.tunnelSessions.list(), sessionFact, turn);
        onRead?.();
      },
      async (turn) => {
        const list = this.api.endpoints.list({ filter: agentEndpointsFilter });
        this.fast.agentEndpoints = await readList(list, agentEndpointFact, turn);
        onRead?.();
      },
    ];
  }

  /** Advances the round-robin cursor over the slow lists by up to `pages` pages. */
  private async advanceSlow(pages: number, turn: Turn): Promise<void> {
    for (let page = 0; page < pages; page++) {
      this.cursor ??= this.startCursor();
      const { key, iterator, items, startedAt } = this.cursor;
      let finished = false;
      try {
        for (let n = 0; n < fleetPageSize; n++) {
          const waiting = turn();
          if (waiting) await waiting;
          const next = await iterator.next();
          if (next.done) {
            finished = true;
            break;
          }
          const made = slowFacts[key](next.value as never);
          const fact = made instanceof Promise ? await made : made;
          if (fact) items.push(fact);
        }
      } catch (error) {
        // A broken page leaves the iterator unusable, and a stopped read may have left it mid-page; that list
        // starts over on a later refresh.
        await this.dropCursor();
        throw error;
      }
      if (finished) {
        this.complete[key] = items as never;
        this.readFrom[key] = startedAt;
        this.cursor = undefined;
      }
    }
  }

  private startCursor(): SlowCursor {
    const key = slowOrder[this.nextSlow % slowOrder.length] ?? 'credentials';
    this.nextSlow++;
    return { key, iterator: this.open(key)[Symbol.asyncIterator](), items: [], startedAt: Date.now() };
  }

  private open(key: SlowKey): AsyncIterable<never> {
    if (key === 'credentials') return this.api.credentials.list() as AsyncIterable<never>;
    if (key === 'cloudEndpoints') {
      return this.api.endpoints.list({ filter: cloudEndpointsFilter }) as AsyncIterable<never>;
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
const slowFacts: Record<SlowKey, (item: never) => object | undefined | Promise<object | undefined>> = {
  credentials: (item: Credential) => credentialFact(item),
  cloudEndpoints: (item: Endpoint) => cloudEndpointFact(item),
  reservedAddrs: (item: ReservedAddr) => reservedAddrFact(item),
};
