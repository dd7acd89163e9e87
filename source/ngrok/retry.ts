/**
 * When a failed request may be sent again. ngrok's API has no idempotency keys (a repeated create makes a second
 * resource or fails on a conflict), so a create is repeated only when it surely never reached the server.
 */

/** Network error codes that mean the TCP connection never opened, so the server saw nothing. */
const neverConnectedCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** True when a fetch failure happened before the request could reach the server. */
export function failedBeforeSending(error: unknown): boolean {
  const code = networkCode(error);
  return code !== undefined && neverConnectedCodes.has(code);
}

/** The errno-style code of a fetch failure (undici wraps it in `cause`), if any. */
export function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Server failures worth another try: a bare 500 and the gateway/unavailable family. The transport repeats them
 * only for requests that cannot duplicate anything (not creates). A 429 is not here: it is waited out instead.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 500 || status === 502 || status === 503 || status === 504;
}

/**
 * ngrok's API limit is a rolling 60 s window per account, answered with 429 ERR_NGROK_226 and no documented
 * Retry-After (https://ngrok.com/docs/api/#rate-limits). A slot frees when the oldest request in the window ages
 * out, anywhere from now to 60 s, so the n-th wait in a row grows from about 7.5 s to the whole window, jittered
 * between half and all of it so that clients sharing the account do not come back together.
 */
export function rateLimitWaitMs(
  attempt: number,
  random: () => number = Math.random,
  windowMs = 60_000,
): number {
  const full = Math.min(windowMs, (windowMs / 8) * 2 ** attempt);
  return Math.round(full / 2 + (random() * full) / 2);
}

/** Exponential backoff with jitter: about base·2^attempt, between half and all of it, capped. */
export function backoffMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 250,
  capMs = 8000,
): number {
  const full = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(full / 2 + (random() * full) / 2);
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from now; undefined if absent or bad. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
