import { UserError } from '../errors.js';
import { parseUrl } from '../spec/url.js';

/**
 * NGROK_API_URL must be an http(s) address with a host (a path prefix is allowed: the client follows it, for a
 * proxy); NGROK_API_KEY must look like a key. A key is never echoed, even a malformed one.
 */
export function checkApiEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NGROK_API_URL !== undefined && env.NGROK_API_URL.trim() === '') {
    throw new UserError(
      'NGROK_API_URL is set but empty.',
      'Unset it to use https://api.ngrok.com, or set it to the API address (such as the URL `clinic-tui sandbox api` prints).',
    );
  }
  const raw = env.NGROK_API_URL?.trim();
  if (raw) {
    const url = parseUrl(raw);
    const hint =
      'Set it to the API address, such as https://api.ngrok.com or the URL `clinic-tui sandbox api` prints, or unset it.';
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
      throw new UserError(`NGROK_API_URL must be an http(s) URL with a host, got "${raw}".`, hint);
    }
    if (url.username || url.password) {
      // Not echoed: the text holds a password.
      throw new UserError(
        'NGROK_API_URL must not hold a user or password; the API key goes in NGROK_API_KEY.',
        hint,
      );
    }
    if (url.search || url.hash) {
      throw new UserError(`NGROK_API_URL must not have a query or fragment, got "${raw}".`, hint);
    }
  }
  const key = env.NGROK_API_KEY;
  if (key && !/^[\x21-\x7e]+$/.test(key)) {
    throw new UserError(
      'NGROK_API_KEY holds characters an API key never has (spaces or line breaks, also around it, or non-ASCII letters).',
      'Copy the key again from https://dashboard.ngrok.com/api-keys and set NGROK_API_KEY to exactly that.',
    );
  }
}

/** NGROK_API_KEY, which every command on the account needs; missing, it is the user's to fix (exit 2). */
export function requireApiKey(env: NodeJS.ProcessEnv = process.env): string {
  const apiKey = env.NGROK_API_KEY;
  if (!apiKey) {
    throw new UserError(
      'No ngrok API key: NGROK_API_KEY is not set.',
      'Set NGROK_API_KEY to an API key from https://dashboard.ngrok.com/api-keys, or run `clinic-tui demo` to try the sandbox.',
    );
  }
  return apiKey;
}
