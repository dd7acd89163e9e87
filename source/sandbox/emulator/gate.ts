import type { IncomingMessage } from 'node:http';
import { apiError } from './http.js';
import type { RateWindow } from './rate-window.js';
import type { EmulatorState } from './state.js';

/**
 * The checks every API request passes before routing, in this order: bearer API key (ERR_NGROK_200 missing,
 * 201 unparseable, 206 an authtoken used as a key, 203 an unknown key: https://ngrok.com/docs/api/#authentication
 * and https://ngrok.com/docs/errors/reference), `Ngrok-Version: 2` (400 ERR_NGROK_218,
 * https://ngrok.com/docs/api/#versioning-and-api-stability) and the account rate limit (429 ERR_NGROK_226).
 */
export function checkGate(state: EmulatorState, req: IncomingMessage, window: RateWindow): void {
  const header = req.headers.authorization;
  if (!header)
    throw apiError(401, 'ERR_NGROK_200', 'The ngrok API requires that you set the Authorization header.');
  const key = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!key) {
    throw apiError(
      401,
      'ERR_NGROK_201',
      'The ngrok API requires Bearer authentication; the header could not be parsed.',
    );
  }
  if (state.authtokens.has(key)) {
    throw apiError(
      401,
      'ERR_NGROK_206',
      'The authentication you specified is actually an authtoken, not an API key.',
    );
  }
  if (state.apiKeys.size > 0 && !state.apiKeys.has(key)) {
    throw apiError(
      401,
      'ERR_NGROK_203',
      'The API authentication you specified is properly formed, but it is invalid.',
    );
  }
  const version = req.headers['ngrok-version'];
  if (version === undefined || String(version).trim() !== '2') {
    throw apiError(400, 'ERR_NGROK_218', 'The Ngrok-Version header is required and must be 2.');
  }
  const waitMs = window.take();
  if (waitMs > 0) {
    // ngrok documents 429 with ERR_NGROK_226 and no Retry-After (https://ngrok.com/docs/api/#rate-limits), so
    // none is sent unless a test asks for one.
    const headers: Record<string, string> = window.sendsRetryAfter
      ? { 'retry-after': String(Math.ceil(waitMs / 1000)) }
      : {};
    throw apiError(
      429,
      'ERR_NGROK_226',
      `You have exceeded your API rate limit of ${window.limit} requests per 60 s.`,
      headers,
    );
  }
}
