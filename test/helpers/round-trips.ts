import type { FleetApi } from '../../source/fleet/fetcher.js';
import type { FleetLists } from './fleet-fixtures.js';

/** When one request started and ended, on any clock that only moves forward (a counter of events is enough). */
export interface RequestSpan {
  start: number;
  end: number;
}

/**
 * Round trips on the critical path: the longest chain of requests in which each one started only after the one
 * before it had ended (greedy by end, which finds the longest such chain). Requests that overlap count once, so
 * five lists read side by side are one round trip and five read one after another are five.
 */
export function criticalPathRounds(spans: RequestSpan[]): number {
  let rounds = 0;
  let free = Number.NEGATIVE_INFINITY;
  for (const span of [...spans].sort((a, b) => a.end - b.end)) {
    if (span.start >= free) {
      rounds++;
      free = span.end;
    }
  }
  return rounds;
}

/** A page request the fake answered: which list, which page (1-based) and when, in event order. */
export interface PageRequest extends RequestSpan {
  list: string;
  page: number;
}

/**
 * An in-memory FleetApi, 100 items a page as ngrok pages, whose every page request takes one turn of the event
 * loop and is logged with a start and an end on one event counter, so a test can see which requests overlapped
 * without timing anything. `beforeRequest` runs as a request starts (e.g. a rate limiter's acquire);
 * `failOn` makes one list's page fail.
 */
export class OverlapFleetApi implements FleetApi {
  requestCount = 0;
  readonly requests: PageRequest[] = [];
  failOn: { list: string; page: number; error: Error } | undefined;
  private events = 0;

  constructor(
    public data: FleetLists,
    private readonly beforeRequest?: () => Promise<void>,
  ) {}

  tunnelSessions = { list: () => this.pages('tunnel_sessions', () => this.data.sessions) };
  credentials = { list: () => this.pages('credentials', () => this.data.credentials) };
  reservedAddrs = { list: () => this.pages('reserved_addrs', () => this.data.reservedAddrs) };
  endpoints = {
    list: (options?: { filter?: string }) =>
      options?.filter === 'obj.type == "cloud"'
        ? this.pages('endpoints:cloud', () => this.data.cloudEndpoints)
        : this.pages('endpoints:agent', () => this.data.agentEndpoints),
  };

  /** The requests of one list, in order. */
  pagesOf(list: string): PageRequest[] {
    return this.requests.filter((request) => request.list === list);
  }

  /** The current position on the event counter. */
  now(): number {
    return this.events;
  }

  private async *pages<T>(list: string, items: () => T[]): AsyncGenerator<T> {
    let offset = 0;
    let page = 0;
    do {
      page++;
      await this.beforeRequest?.();
      this.requestCount++;
      const request: PageRequest = { list, page, start: ++this.events, end: Number.POSITIVE_INFINITY };
      this.requests.push(request);
      await new Promise((resolve) => setImmediate(resolve));
      request.end = ++this.events;
      if (this.failOn?.list === list && this.failOn.page === page) throw this.failOn.error;
      yield* items().slice(offset, offset + 100);
      offset += 100;
    } while (offset < items().length);
  }
}
