import { sleepFor } from '../ngrok/rate-limiter.js';
import type { FleetApi, FleetFetcher } from './fetcher.js';
import type { ClinicHealth, FleetMemory, FleetProbes } from './types.js';

/**
 * The fleet's table model (after k9s's): refreshes at once, then on an interval that keeps the fleet within its
 * share of the API budget; never two refreshes at once; exponential backoff on errors; the last error kept for
 * the footer while the table keeps its rows. Listeners get a new FleetState after every change.
 */

export interface FleetState {
  clinics: ClinicHealth[];
  /** When the last successful refresh finished (epoch ms). */
  lastRefreshAt?: number;
  refreshing: boolean;
  /** The last refresh's error, cleared by the next success. */
  error?: string;
  /** Requests the last refresh sent. */
  requestsLastRefresh: number;
  /** When the next refresh starts (epoch ms). */
  nextRefreshAt?: number;
  /** Requests in the budget's current window and its size, for the header. */
  budget?: { inUse: number; limit: number };
  /** False until every list has been read once (a large fleet's first read takes minutes at half budget). */
  complete: boolean;
}

export interface FleetPollerOptions {
  api: FleetApi;
  /** What the fleet remembers (last seen, down since); empty when not given and until loadMemory reads it. */
  memory?: FleetMemory;
  /** Reads the remembered memory when the loop starts, so a screen can draw its first frame before any I/O. */
  loadMemory?: () => Promise<FleetMemory>;
  /**
   * Reads this laptop's last stranger probes at the start of each refresh (a small local file), so a `verify` run
   * in another terminal shows at the next refresh. Without it no clinic has been probed.
   */
  loadProbes?: () => Promise<FleetProbes>;
  /** Persists the memory after each refresh (last seen, down since); failures show in the footer. */
  saveMemory?: (memory: FleetMemory) => Promise<void>;
  /** The fleet's limiter, shown in the header. */
  budget?: { inUse(): number; limit: number; windowMs: number };
  /** Shortest pause between refreshes (default 10 s). */
  minIntervalMs?: number;
  /** Longest wait after repeated errors (default 5 min). */
  maxBackoffMs?: number;
  /** Slow-list pages read per refresh after the first (default 1). */
  slowPagesPerRefresh?: number;
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type FleetListener = (state: FleetState) => void;

/** What a refresh needs and a first frame does not: the reads of the API and the health model. */
interface FleetReader {
  fetcher: FleetFetcher;
  health: typeof import('./health.js');
}

export class FleetPoller {
  /**
   * Loaded with the first read, not with the poller: the fetcher brings the API facts and the health model its
   * rules, none of which the fleet screen's first frame needs.
   */
  private reader: Promise<FleetReader> | undefined;
  private readonly listeners = new Set<FleetListener>();
  private readonly clock: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private memory: FleetMemory | undefined;
  private probes: FleetProbes = {};
  private state: FleetState = { clinics: [], refreshing: false, requestsLastRefresh: 0, complete: false };
  private running: Promise<void> | undefined;
  private stopper = new AbortController();
  private waker: AbortController | undefined;
  private refreshes = 0;
  /** `r` was pressed during a refresh. */
  private pending = false;
  private failures = 0;

  constructor(private readonly options: FleetPollerOptions) {
    this.memory = options.memory;
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
  }

  /** The current state. */
  current(): FleetState {
    return this.state;
  }

  /** Calls the listener after every change; returns the unsubscribe function. */
  subscribe(listener: FleetListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the refresh loop (the first refresh begins at once). */
  start(): void {
    this.running ??= this.loop();
  }

  /** Stops the loop and waits for the refresh in progress to end. */
  async stop(): Promise<void> {
    this.stopper.abort();
    this.waker?.abort();
    await this.running?.catch(() => undefined);
    await (await this.reader)?.fetcher.close();
  }

  /** Asks for a refresh now; during a refresh, the next one starts right after it (never two at once). */
  refreshNow(): void {
    if (this.state.refreshing || !this.waker) this.pending = true;
    else this.waker.abort();
  }

  /** One refresh that reads every list completely (for `--once` and exporters). */
  async refreshAll(): Promise<FleetState> {
    const failure = await this.runRefresh(({ fetcher }) => fetcher.readAll());
    if (failure) throw failure.error;
    return this.state;
  }

  /**
   * One refresh as the loop does it: everything the first time (the table shows each list as it arrives), then
   * the fast lists plus a slow page.
   */
  async refresh(): Promise<void> {
    const first = this.refreshes === 0;
    await this.runRefresh((reader) =>
      first
        ? reader.fetcher.readAll(() => this.publish(reader))
        : reader.fetcher.readFastAndSlow(this.options.slowPagesPerRefresh ?? 1),
    );
  }

  /** Runs one read; returns the failure, if any, so `refreshAll` can rethrow the original error. */
  private async runRefresh(
    read: (reader: FleetReader) => Promise<void>,
  ): Promise<{ error: unknown } | undefined> {
    if (this.state.refreshing) return undefined;
    const before = this.options.api.requestCount;
    this.update({ refreshing: true });
    try {
      this.reader ??= Promise.all([import('./fetcher.js'), import('./health.js')]).then(
        ([{ FleetFetcher }, health]) => ({
          fetcher: new FleetFetcher(this.options.api, this.options.budget),
          health,
        }),
      );
      const reader = await this.reader;
      if (this.options.loadProbes) this.probes = await this.options.loadProbes();
      await read(reader);
      this.failures = 0;
      this.refreshes++;
      const memory = this.publish(reader);
      this.update({ lastRefreshAt: this.clock(), error: undefined });
      await this.options.saveMemory?.(memory).catch((error: unknown) => {
        this.update({ error: `could not save the fleet memory: ${messageOf(error)}` });
      });
      return undefined;
    } catch (error) {
      this.failures++;
      this.update({ error: messageOf(error) });
      return { error };
    } finally {
      this.update({ refreshing: false, requestsLastRefresh: this.options.api.requestCount - before });
    }
  }

  private async loop(): Promise<void> {
    if (this.options.loadMemory) this.memory = await this.options.loadMemory();
    while (!this.stopper.signal.aborted) {
      const started = this.clock();
      await this.refresh();
      if (this.stopper.signal.aborted) break;
      const delay = this.pending ? 0 : this.nextDelay(this.clock() - started);
      this.pending = false;
      this.update({ nextRefreshAt: this.clock() + delay });
      this.waker = new AbortController();
      const signal = AbortSignal.any([this.waker.signal, this.stopper.signal]);
      await this.sleep(delay, signal).catch(() => undefined);
    }
  }

  /**
   * Spreads refreshes so the fleet's share of the budget lasts: a refresh of N requests is followed by a pause of
   * N × (window / limit) since it started, so large fleets slow down instead of hitting ERR_NGROK_226.
   */
  private nextDelay(elapsedMs: number): number {
    const minInterval = this.options.minIntervalMs ?? 10_000;
    if (this.failures > 0) {
      return Math.min(this.options.maxBackoffMs ?? 300_000, minInterval * 2 ** (this.failures - 1));
    }
    const budget = this.options.budget;
    const perRequest = budget ? budget.windowMs / budget.limit : 1000;
    return Math.max(minInterval - elapsedMs, this.state.requestsLastRefresh * perRequest - elapsedMs, 0);
  }

  /** Recomputes the rows from what the fetcher has read so far; returns the memory to keep. */
  private publish({ fetcher, health }: FleetReader): FleetMemory {
    const memory = this.memory ?? health.emptyMemory();
    const result = health.computeFleetHealth(fetcher.snapshot(), memory, new Date(this.clock()), this.probes);
    this.memory = result.memory;
    this.update({ clinics: result.clinics, complete: fetcher.isComplete() });
    return result.memory;
  }

  private update(change: Partial<FleetState>): void {
    const budget = this.options.budget;
    this.state = {
      ...this.state,
      ...change,
      ...(budget ? { budget: { inUse: budget.inUse(), limit: budget.limit } } : {}),
    };
    for (const listener of this.listeners) listener(this.state);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
