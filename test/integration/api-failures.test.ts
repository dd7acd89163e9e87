import { afterEach, describe, expect, it } from 'vitest';
import { collect } from '../../source/ngrok/client.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import { RateLimiter } from '../../source/ngrok/rate-limiter.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { fakeTime, fakeTimeClient } from './api-setup.js';

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const emulator of emulators.splice(0)) await emulator.close();
});

async function emulator(options: Parameters<typeof startEmulator>[0] = {}) {
  const started = await startEmulator({ rateLimit: 0, ...options });
  emulators.push(started);
  return started;
}

async function failure(promise: Promise<unknown>): Promise<NgrokApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NgrokApiError);
  return error as NgrokApiError;
}

/** A fetch that answers the first `count` calls with `status`, then passes through. */
function failingFirst(count: number, status: number): typeof fetch & { calls: number } {
  const wrapped = Object.assign(
    async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      wrapped.calls++;
      if (wrapped.calls <= count)
        return new Response(JSON.stringify({ status_code: status, msg: 'busy' }), { status });
      return fetch(input, init);
    },
    { calls: 0 },
  );
  return wrapped;
}

describe('client failure modes', () => {
  it('rides out a storm of 429s, waiting what Retry-After says each time, and succeeds', async () => {
    const rolls = [0.1, 0.2, 0.3, 0.9, 0.1, 0.9, 0.2, 0.1, 0.9];
    const api = await emulator({ random: () => rolls.shift() ?? 0.9, retryAfter: true });
    api.faults.errorRate = { 429: 0.5 };
    const time = fakeTime();
    const ngrok = fakeTimeClient(api.url, time);
    await ngrok.credentials.create({});
    const lists = [await collect(ngrok.credentials.list()), await collect(ngrok.credentials.list())];
    expect(lists.map((list) => list.length)).toEqual([1, 1]);
    const statuses = api.state.requestLog.map((entry) => entry.status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(6);
    // Retry-After: 1 from the emulator → a 1 s wait before each of the 6 repeats.
    expect(time.slept.filter((ms) => ms === 1000)).toHaveLength(6);
  });

  it('never exceeds the account limit itself: 35 calls at 10/min spread over 4 windows with zero 429s', async () => {
    const time = fakeTime();
    const api = await emulator({ rateLimit: 10, clock: time.clock });
    const ngrok = fakeTimeClient(api.url, time, {
      limiter: new RateLimiter({ limit: 10, clock: time.clock, sleep: time.sleep }),
    });
    for (let call = 0; call < 35; call++) await collect(ngrok.reservedAddrs.list());
    const log = api.state.requestLog;
    expect(log.every((entry) => entry.status === 200)).toBe(true);
    for (const entry of log) {
      const inWindow = log.filter((other) => other.at > entry.at - 60_000 && other.at <= entry.at);
      expect(inWindow.length).toBeLessThanOrEqual(10);
    }
    expect(time.clock() - (log[0]?.at ?? 0)).toBeGreaterThanOrEqual(3 * 60_000);
  });

  it('waits out a real ERR_NGROK_226 caused by another client on the account, then succeeds', async () => {
    const time = fakeTime();
    const api = await emulator({ rateLimit: 3, clock: time.clock });
    const other = fakeTimeClient(api.url, time);
    for (let call = 0; call < 3; call++) await collect(other.reservedAddrs.list());
    const ngrok = fakeTimeClient(api.url, time);
    await expect(collect(ngrok.reservedAddrs.list())).resolves.toEqual([]);
    expect(api.state.requestLog.at(-2)?.status).toBe(429);
    // No Retry-After (ngrok documents none): the waits add up to the window the other client filled.
    expect(time.slept.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(60_000);
  });

  it('times out a server that never answers, with a clear error and no retry', async () => {
    const api = await emulator();
    api.faults.latencyMs = 60_000;
    const ngrok = fakeTimeClient(api.url, fakeTime(), { timeoutMs: 300 });
    const error = await failure(collect(ngrok.tunnelSessions.list()));
    expect(error.status).toBe(0);
    expect(error.message).toBe('ngrok API GET /tunnel_sessions got no answer within 300 ms');
    expect(ngrok.requestCount).toBe(1);
  });

  it('retries GET and DELETE through 502/503/504 with growing backoff', async () => {
    const api = await emulator();
    const time = fakeTime();
    const flaky = failingFirst(3, 503);
    const ngrok = fakeTimeClient(api.url, time, { fetch: flaky });
    await expect(collect(ngrok.credentials.list())).resolves.toEqual([]);
    expect(flaky.calls).toBe(4);
    expect(time.slept).toEqual([188, 375, 750]); // base 250·2^n, jitter fixed at the middle
  });

  it('retries a GET through a bare 500 (ngrok has no idempotency keys, but a read cannot duplicate anything)', async () => {
    const api = await emulator();
    const flaky = failingFirst(2, 500);
    const ngrok = fakeTimeClient(api.url, fakeTime(), { fetch: flaky });
    await expect(collect(ngrok.reservedAddrs.list())).resolves.toEqual([]);
    expect(flaky.calls).toBe(3);
  });

  it('does not repeat a create after a 5xx: it may have been created, so the error says to look it up', async () => {
    const api = await emulator();
    const ngrok = fakeTimeClient(api.url, fakeTime(), { fetch: failingFirst(1, 502) });
    const error = await failure(ngrok.credentials.create({}));
    expect([error.status, error.maybeCreated, ngrok.requestCount]).toEqual([502, true, 1]);
  });

  it('retries a GET whose connection was dropped; a dropped create is not repeated and is flagged', async () => {
    const rolls = [0, 0.9, 0];
    const api = await emulator({ random: () => rolls.shift() ?? 0.9 });
    api.faults.dropRate = 0.5;
    const ngrok = fakeTimeClient(api.url);
    await expect(collect(ngrok.credentials.list())).resolves.toEqual([]);
    expect(ngrok.requestCount).toBe(2);
    const error = await failure(ngrok.credentials.create({}));
    expect(error.maybeCreated).toBe(true);
    expect(error.hint).toContain('looks the resource up by its tag');
    expect(api.state.credentials.size).toBe(0);
  });

  it('repeats even a create when the connection was refused (nothing can have been created)', async () => {
    const api = await emulator();
    await api.close();
    emulators.splice(0);
    const ngrok = fakeTimeClient(api.url, fakeTime(), { maxRetries: 2 });
    const error = await failure(ngrok.credentials.create({}));
    expect([error.status, error.maybeCreated, ngrok.requestCount]).toEqual([0, false, 3]);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('stops at once when the caller aborts (Ctrl+C)', async () => {
    const api = await emulator();
    api.faults.latencyMs = 60_000;
    const controller = new AbortController();
    const ngrok = fakeTimeClient(api.url, fakeTime(), { signal: controller.signal });
    const pending = collect(ngrok.credentials.list());
    setTimeout(() => controller.abort(new Error('user pressed Ctrl+C')), 50);
    await expect(pending).rejects.toThrow('user pressed Ctrl+C');
    expect(ngrok.requestCount).toBe(1);
  });
});
