import { UserError } from '../errors.js';
import { checkApiEnvironment } from './api-env.js';
import { NgrokClient, type NgrokClientOptions } from './client.js';

/** Builds a client from NGROK_API_KEY / NGROK_API_URL; a missing or malformed one is the user's to fix (exit 2). */
export function apiClientFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  options: Omit<NgrokClientOptions, 'apiKey' | 'baseUrl'> = {},
): NgrokClient {
  checkApiEnvironment(env);
  const apiKey = env.NGROK_API_KEY;
  if (!apiKey) {
    throw new UserError(
      'No ngrok API key: NGROK_API_KEY is not set.',
      'Set NGROK_API_KEY to an API key from https://dashboard.ngrok.com/api-keys, or run `clinic-tui demo` to try the sandbox.',
    );
  }
  const baseUrl = env.NGROK_API_URL?.trim() || 'https://api.ngrok.com';
  return new NgrokClient({ ...options, apiKey, baseUrl });
}

/** Masks a secret for display as `2ab…XyZ`; short secrets are fully hidden. */
export function maskSecret(secret: string): string {
  return secret.length < 12 ? '…' : `${secret.slice(0, 3)}…${secret.slice(-3)}`;
}
