import { checkApiEnvironment, requireApiKey } from './api-env.js';
import { NgrokClient, type NgrokClientOptions } from './client.js';

/** Builds a client from NGROK_API_KEY / NGROK_API_URL; a missing or malformed one is the user's to fix (exit 2). */
export function apiClientFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  options: Omit<NgrokClientOptions, 'apiKey' | 'baseUrl'> = {},
): NgrokClient {
  checkApiEnvironment(env);
  const apiKey = requireApiKey(env);
  const baseUrl = env.NGROK_API_URL?.trim() || 'https://api.ngrok.com';
  return new NgrokClient({ ...options, apiKey, baseUrl });
}

/** Masks a secret for display as `2ab…XyZ`; short secrets are fully hidden. */
export function maskSecret(secret: string): string {
  return secret.length < 12 ? '…' : `${secret.slice(0, 3)}…${secret.slice(-3)}`;
}
