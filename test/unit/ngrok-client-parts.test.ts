import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeFor, formatError, UserError } from '../../source/errors.js';
import { errorFromResponse, explainNgrokCode, NgrokApiError } from '../../source/ngrok/errors.js';
import { apiClientFromEnv, maskSecret } from '../../source/ngrok/key.js';
import { RateLimiter } from '../../source/ngrok/rate-limiter.js';
import { backoffMs, retryAfterMs } from '../../source/ngrok/retry.js';

function fakeClock() {
  let now = 0;
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

describe('RateLimiter', () => {
  it('lets 120 through at once, then holds the 121st until the oldest leaves the 60 s window', async () => {
    const time = fakeClock();
    const limiter = new RateLimiter({ clock: time.clock, sleep: time.sleep });
    for (let index = 0; index < 120; index++) await limiter.acquire();
    expect([limiter.inUse(), time.clock()]).toEqual([120, 0]);
    await limiter.acquire();
    expect(time.clock()).toBe(60_000);
    expect(limiter.inUse()).toBe(1);
  });

  it('honours a pause from Retry-After before the window is full', async () => {
    const time = fakeClock();
    const limiter = new RateLimiter({ limit: 5, clock: time.clock, sleep: time.sleep });
    limiter.pauseFor(3000);
    await limiter.acquire();
    expect(time.clock()).toBe(3000);
  });

  it('rejects a waiter whose signal aborts, and still serves the next one', async () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 60_000 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});

describe('ngrok errors', () => {
  it('explains every code the tool can meet, in one line', () => {
    const codes = [201, 218, 226, 300, 316, 334, 413, 600, 601, 2201, 2235].map((n) => `ERR_NGROK_${n}`);
    for (const code of codes) expect(explainNgrokCode(code), code).toMatch(/^[^\n]{10,140}$/);
    expect(explainNgrokCode('ERR_NGROK_99999')).toBeUndefined();
  });

  it('maps an error body to status, code, operation id and a hint with the docs page; exit code 1', () => {
    const body =
      '{"error_code":"ERR_NGROK_334","status_code":409,"msg":"already online","details":{"operation_id":"op_1"}}';
    const error = errorFromResponse(409, body, { method: 'POST', path: '/endpoints' });
    expect([error.status, error.code, error.operationId]).toEqual([409, 'ERR_NGROK_334', 'op_1']);
    expect(formatError(error)).toBe(
      'Error: ngrok API POST /endpoints failed (409 ERR_NGROK_334): already online\n' +
        'That endpoint URL is already online; stop the other agent or enable pooling on both. ' +
        'See https://ngrok.com/docs/errors/err_ngrok_334',
    );
    expect(exitCodeFor(error)).toBe(ExitCode.external);
  });

  it('copes with bodies that are not ngrok JSON (a proxy’s HTML page, no details)', () => {
    const error = errorFromResponse(502, '<html>Bad gateway</html>', { method: 'GET', path: '/credentials' });
    expect(error).toBeInstanceOf(NgrokApiError);
    expect(error.code).toBeUndefined();
    expect(error.message).toContain('<html>Bad gateway</html>');
    expect(error.hint).toContain('retry');
  });
});

describe('retry timing', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('backs off exponentially with jitter between half and all of the step, capped at 8 s', () => {
    expect([0, 1, 2].map((attempt) => backoffMs(attempt, () => 0))).toEqual([125, 250, 500]);
    expect([0, 1, 2].map((attempt) => backoffMs(attempt, () => 1))).toEqual([250, 500, 1000]);
    expect(backoffMs(10, () => 1)).toBe(8000);
  });
});

describe('apiClientFromEnv', () => {
  it('refuses to start without NGROK_API_KEY and says what to do', () => {
    const error = (() => {
      try {
        apiClientFromEnv({});
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect(formatError(error)).toContain('Set NGROK_API_KEY');
    expect(formatError(error)).toContain('clinic-tui demo');
  });

  it('uses NGROK_API_URL, defaulting to https://api.ngrok.com', () => {
    expect(apiClientFromEnv({ NGROK_API_KEY: 'k' }).baseUrl).toBe('https://api.ngrok.com');
    expect(apiClientFromEnv({ NGROK_API_KEY: 'k', NGROK_API_URL: 'http://127.0.0.1:9/' }).baseUrl).toBe(
      'http://127.0.0.1:9',
    );
    expect(() => apiClientFromEnv({ NGROK_API_KEY: 'k', NGROK_API_URL: 'api.ngrok.com' })).toThrow(UserError);
  });

  it('masks secrets as 2ab…XyZ', () => {
    expect(maskSecret('2abcdefghijklmnopXyZ')).toBe('2ab…XyZ');
    expect(maskSecret('short')).toBe('…');
  });
});
