import { afterEach, describe, expect, it } from 'vitest';
import { collect } from '../../source/ngrok/client.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import { rateLimitWaitMs } from '../../source/ngrok/retry.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../source/sandbox/emulator/server.js';
import { fakeTime, fakeTimeClient } from '../integration/api-setup.js';

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const emulator of emulators.splice(0)) await emulator.close();
});

type Time = ReturnType<typeof fakeTime>;

/** An emulator on the fake clock whose account budget `others` has already spent (three requests). */
async function exhaustedAccount(time: Time, options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ rateLimit: 3, clock: time.clock, ...options });
  emulators.push(emulator);
  const others = fakeTimeClient(emulator.url, time);
  for (let call = 0; call < 3; call++) await collect(others.reservedAddrs.list());
  return emulator;
}

describe('ngrok rate limit (429 ERR_NGROK_226) without Retry-After', () => {
  it('waits the 60 s window out in growing jittered steps, reports each wait, then succeeds', async () => {
    const time = fakeTime();
    const emulator = await exhaustedAccount(time);
    const waits: number[] = [];
    const ngrok = fakeTimeClient(emulator.url, time, { onRateLimitWait: (seconds) => waits.push(seconds) });
    await expect(collect(ngrok.reservedAddrs.list())).resolves.toEqual([]);
    const refused = emulator.state.requestLog.filter((entry) => entry.status === 429);
    expect(refused).toHaveLength(4);
    // 7.5 s, 15 s, 30 s and 60 s, each at the middle of its jitter; the fourth wait clears the window.
    expect(waits).toEqual([6, 12, 23, 45]);
    expect(time.slept).toEqual([5625, 11_250, 22_500, 45_000]);
  });

  it('keeps every wait within the window and jitters it between half and all of its step', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const low = rateLimitWaitMs(attempt, () => 0);
      const high = rateLimitWaitMs(attempt, () => 1);
      expect(high).toBeLessThanOrEqual(60_000);
      expect(low).toBe(high / 2);
    }
    expect(rateLimitWaitMs(7, () => 1)).toBe(60_000);
  });

  it('honours Retry-After when ngrok sends one', async () => {
    const time = fakeTime();
    const emulator = await exhaustedAccount(time, { retryAfter: true });
    const waits: number[] = [];
    const ngrok = fakeTimeClient(emulator.url, time, { onRateLimitWait: (seconds) => waits.push(seconds) });
    await collect(ngrok.reservedAddrs.list());
    expect(waits).toEqual([60]);
    expect(time.slept).toEqual([60_000]);
  });

  it('lets Ctrl+C end the wait at once, without another request', async () => {
    const time = fakeTime();
    const emulator = await exhaustedAccount(time);
    const controller = new AbortController();
    const ngrok = fakeTimeClient(emulator.url, time, {
      signal: controller.signal,
      // A wait that only an abort can end: the test hangs if the signal does not reach it.
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
      onRateLimitWait: () => queueMicrotask(() => controller.abort(new Error('user pressed Ctrl+C'))),
    });
    await expect(collect(ngrok.reservedAddrs.list())).rejects.toThrow('user pressed Ctrl+C');
    expect(ngrok.requestCount).toBe(1);
  });

  it('gives up with ERR_NGROK_226 after waiting three windows for an account that stays over its limit', async () => {
    const time = fakeTime();
    const always429: typeof fetch = async () =>
      new Response(JSON.stringify({ error_code: 'ERR_NGROK_226', status_code: 429, msg: 'slow down' }), {
        status: 429,
      });
    const ngrok = fakeTimeClient('http://127.0.0.1:9', time, { fetch: always429 });
    const error = await collect(ngrok.credentials.list()).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NgrokApiError);
    expect((error as NgrokApiError).code).toBe('ERR_NGROK_226');
    const waited = time.slept.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeGreaterThanOrEqual(180_000);
    expect(Math.max(...time.slept)).toBeLessThanOrEqual(60_000);
  });
});
