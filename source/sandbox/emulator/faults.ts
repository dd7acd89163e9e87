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
}

/** Applies FaultSettings to API requests (never to the agent entry point). */
export class Faults {
  readonly settings: FaultSettings = { latencyMs: 0, errorRate: {}, dropRate: 0 };
  private readonly stopped = new AbortController();

  constructor(
    private readonly random: () => number,
    /** Whether an injected 429 carries `Retry-After: 1`; ngrok documents none (see rate-window.ts). */
    private readonly sendsRetryAfter = false,
  ) {}

  /** Returns false when the request was answered (or dropped) by a fault and must not be processed. */
  async apply(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
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
