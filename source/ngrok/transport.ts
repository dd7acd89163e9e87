import type * as z from '../zod.js';
import { errorFromResponse, NgrokApiError } from './errors.js';
import { type HttpRequestInit, type HttpResponse, type HttpSend, sendHttp } from './http-request.js';
import { defaultRateLimiter, type RateLimiter, sleepFor } from './rate-limiter.js';
import {
  backoffMs,
  failedBeforeSending,
  isRetryableStatus,
  networkCode,
  rateLimitWaitMs,
  retryAfterMs,
} from './retry.js';

/** How long one request keeps waiting out 429s before it fails with ERR_NGROK_226: three of ngrok's windows. */
const rateLimitPatienceMs = 3 * 60_000;

export interface TransportOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  maxRetries: number;
  limiter?: RateLimiter;
  /** How a request is sent: node:http by default (sendHttp); tests pass fetch or a fake of it. */
  fetch?: HttpSend;
  signal?: AbortSignal;
  /** Injectable for tests: how backoff and Retry-After waits happen. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Told before each wait after a 429, in whole seconds. */
  onRateLimitWait?: (seconds: number) => void;
}

export interface RequestOptions<T> {
  body?: unknown;
  query?: Record<string, string | undefined>;
  schema?: z.ZodMiniType<T>;
  /** A POST that creates something: never repeated once it may have reached ngrok. */
  create?: boolean;
  /**
   * Aborts this request alone, e.g. a read its caller gave up on: it is not sent, even when its turn at the rate
   * limiter comes after the abort (its caller, not the queue, decides when to stop waiting).
   */
  signal?: AbortSignal;
}

/** Sends one API call with auth, version header, timeout, limiter and retries; parses the answer with zod. */
export class ApiTransport {
  requestCount = 0;
  readonly baseUrl: string;
  private readonly limiter: RateLimiter;
  private readonly fetchImpl: HttpSend;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.limiter = options.limiter ?? defaultRateLimiter();
    this.fetchImpl = options.fetch ?? sendHttp;
    this.sleep = options.sleep ?? sleepFor;
  }

  /**
   * Builds a URL under the base. A full URL (a `next_page_uri`) on another origin is followed on the base instead:
   * ngrok writes its public address into paging links (https://ngrok.com/docs/api/#pagination), which is not where
   * a proxy or NGROK_API_URL points, and the API key must never travel to a host the user did not configure.
   */
  url(pathOrUrl: string, query?: Record<string, string | undefined>): URL {
    const base = new URL(this.baseUrl);
    let url: URL;
    if (!/^https?:\/\//.test(pathOrUrl)) url = new URL(this.baseUrl + pathOrUrl);
    else {
      url = new URL(pathOrUrl);
      if (url.origin !== base.origin) url = this.rebase(url, base);
    }
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    return url;
  }

  private rebase(link: URL, base: URL): URL {
    const prefix = base.pathname.replace(/\/+$/, '');
    const path = prefix && !link.pathname.startsWith(`${prefix}/`) ? prefix + link.pathname : link.pathname;
    return new URL(`${base.origin}${path}${link.search}`);
  }

  /** Performs the request; resolves undefined for empty (204) answers. */
  async request<T>(
    method: string,
    pathOrUrl: string,
    options: RequestOptions<T> = {},
  ): Promise<T | undefined> {
    const url = this.url(pathOrUrl, options.query);
    const label = { method, path: url.pathname };
    const idempotent = method !== 'POST';
    const rateLimited = { waits: 0, totalMs: 0 };
    const signal = anySignal(this.options.signal, options.signal);
    for (let attempt = 0; ; ) {
      const retriesLeft = attempt < this.options.maxRetries;
      await this.limiter.acquire(signal);
      let response: HttpResponse;
      try {
        response = await this.send(method, url, options.body, signal);
      } catch (error) {
        signal?.throwIfAborted();
        const reachedServer = !failedBeforeSending(error);
        if (retriesLeft && !isTimeout(error) && (idempotent || !reachedServer)) {
          await this.sleep(backoffMs(attempt++, this.options.random), signal);
          continue;
        }
        throw networkFailure(error, label, this.options.timeoutMs, Boolean(options.create) && reachedServer);
      }
      if (response.ok) return parseBody(response, options.schema, label);
      const text = await response.text();
      // 429 is never processed, so any method may repeat it once the window has moved on.
      if (response.status === 429 && rateLimited.totalMs < rateLimitPatienceMs) {
        await this.waitOutRateLimit(response, rateLimited, signal);
        continue;
      }
      // 5xx only when repeating cannot duplicate anything.
      if (retriesLeft && isRetryableStatus(response.status) && idempotent) {
        await this.sleep(backoffMs(attempt++, this.options.random), signal);
        continue;
      }
      const maybeCreated = Boolean(options.create) && response.status >= 500;
      throw errorFromResponse(response.status, text, { ...label, maybeCreated });
    }
  }

  /**
   * Waits what Retry-After says when ngrok sends one, else a growing, jittered share of the 60 s window
   * (rateLimitWaitMs). Every request of this process holds back meanwhile; an abort ends the wait at once.
   */
  private async waitOutRateLimit(
    response: HttpResponse,
    tally: { waits: number; totalMs: number },
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const waitMs =
      retryAfterMs(response.headers.get('retry-after')) ?? rateLimitWaitMs(tally.waits, this.options.random);
    tally.waits++;
    // At least a second each, so a server that keeps answering `Retry-After: 0` still runs out the patience.
    tally.totalMs += Math.max(waitMs, 1000);
    this.limiter.pauseFor(waitMs);
    this.options.onRateLimitWait?.(Math.ceil(waitMs / 1000));
    await this.sleep(waitMs, signal);
  }

  private send(method: string, url: URL, body: unknown, aborted?: AbortSignal): Promise<HttpResponse> {
    this.requestCount++;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = aborted ? AbortSignal.any([timeout, aborted]) : timeout;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      'ngrok-version': '2',
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: HttpRequestInit = { method, headers, signal };
    if (body !== undefined) init.body = JSON.stringify(body);
    return this.fetchImpl(url, init);
  }
}

async function parseBody<T>(
  response: HttpResponse,
  schema: z.ZodMiniType<T> | undefined,
  label: { method: string; path: string },
): Promise<T | undefined> {
  const text = await response.text();
  if (response.status === 204 || text.trim() === '' || !schema) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NgrokApiError({
      message: `ngrok API ${label.method} ${label.path} answered ${response.status} with a body that is not JSON`,
      status: response.status,
      cause: error,
    });
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  throw new NgrokApiError({
    message: `ngrok API ${label.method} ${label.path} answered with an unexpected shape: ${result.error.message}`,
    status: response.status,
    cause: result.error,
  });
}

/** One signal for the client's (Ctrl+C) and the request's own; undefined when neither is given. */
function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const given = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  return given.length > 1 ? AbortSignal.any(given) : given[0];
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError';
}

function networkFailure(
  error: unknown,
  label: { method: string; path: string },
  timeoutMs: number,
  maybeCreated: boolean,
): NgrokApiError {
  const what = isTimeout(error)
    ? `got no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`
    : `could not reach the API (${networkCode(error) ?? (error as Error).message})`;
  const hint = maybeCreated
    ? 'The request may have reached ngrok: clinic-tui looks the resource up by its tag before creating it again.'
    : 'Check the network and NGROK_API_URL, then retry.';
  return new NgrokApiError({
    message: `ngrok API ${label.method} ${label.path} ${what}`,
    status: 0,
    hint,
    maybeCreated,
    cause: error,
  });
}
