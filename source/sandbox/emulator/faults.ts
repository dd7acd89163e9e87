import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiError, sendError } from './http.js';

/** What tests and benches can break on purpose. Mutable at any time. */
export interface FaultSettings {
  /** Delay before each API answer. */
  latencyMs: number;
  /** Probability per status, e.g. {429: 0.5, 503: 0.1}; such a request is answered with that error, unprocessed. */
  errorRate: Partial<Record<number, number>>;
  /** Probability that the connection is destroyed before the request is processed. */
  dropRate: number;
  /** Faults for chosen requests, checked before the random ones; each is used up after `times` requests. */
  targeted: TargetedFault[];
}

/**
 * One fault for the next `times` requests with this method and path: answered with `status` (without the latency),
 * or dropped when it is 0. `lost` processes the request first, so the change happens and only its answer is lost (a gateway error or a
 * connection cut after ngrok acted).
 */
export interface TargetedFault {
  method: string;
  path: string;
  times: number;
  status: number;
  lost?: boolean;
}

/** Applies FaultSettings to API requests (never to the agent entry point). */
export class Faults {
  readonly settings: FaultSettings = { latencyMs: 0, errorRate: {}, dropRate: 0, targeted: [] };
  private readonly stopped = new AbortController();

  constructor(
    private readonly random: () => number,
    /** Whether an injected 429 carries `Retry-After: 1`; ngrok documents none (see rate-window.ts). */
    private readonly sendsRetryAfter = false,
  ) {}

  /** Returns false when the request was answered (or dropped) by a fault and must not be processed. */
  async apply(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    // A targeted fault answers at once, so it can overtake the requests sent with it.
    const targeted = this.take(req, false);
    if (targeted) {
      this.answer(req, res, targeted);
      return false;
    }
    if (this.settings.latencyMs > 0) await this.delay(this.settings.latencyMs);
    if (this.stopped.signal.aborted) return false;
    if (this.settings.dropRate > 0 && this.random() < this.settings.dropRate) {
      req.socket.destroy();
      return false;
    }
    const rates = Object.entries(this.settings.errorRate);
    if (rates.length === 0) return true;
    let roll = this.random();
    for (const [status, rate] of rates) {
      if (!rate || roll >= rate) {
        roll -= rate ?? 0;
        continue;
      }
      const code = Number(status);
      const headers: Record<string, string> =
        code === 429 && this.sendsRetryAfter ? { 'retry-after': '1' } : {};
      sendError(
        res,
        apiError(code, code === 429 ? 'ERR_NGROK_226' : undefined, `Injected fault: HTTP ${code}.`, headers),
      );
      return false;
    }
    return true;
  }

  /** After the request was processed: true when a `lost` fault took its answer (the caller sends nothing). */
  loseAnswer(req: IncomingMessage, res: ServerResponse): boolean {
    const fault = this.take(req, true);
    if (fault) this.answer(req, res, fault);
    return fault !== undefined;
  }

  private take(req: IncomingMessage, lost: boolean): TargetedFault | undefined {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const fault = this.settings.targeted.find(
      (entry) =>
        entry.times > 0 && entry.method === req.method && entry.path === path && Boolean(entry.lost) === lost,
    );
    if (fault) fault.times--;
    return fault;
  }

  private answer(req: IncomingMessage, res: ServerResponse, fault: TargetedFault): void {
    if (fault.status === 0) req.socket.destroy();
    else sendError(res, apiError(fault.status, undefined, `Injected fault: HTTP ${fault.status}.`));
  }

  /** Releases pending delays (on close). */
  stop(): void {
    this.stopped.abort();
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.stopped.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }
}
