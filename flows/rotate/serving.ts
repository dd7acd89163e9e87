import { ExternalError } from '../../source/errors.js';
import { collect } from '../../source/ngrok/client.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import { isAgentEndpoint } from '../../source/ngrok/types.js';
import { sameUrl, urlKey } from '../../source/spec/url-normal.js';
import type { RotateApi } from './types.js';

/** Which agent sessions serve a clinic's endpoints right now, and with which credential. */
export interface Serving {
  /** url → the sessions serving it (several with pooling). */
  byUrl: Map<string, { session: string; credential: string | undefined }[]>;
}

/**
 * One look at the account: the clinic's agent endpoints (one filtered list; agent endpoints carry the credential
 * owner as principal, https://ngrok.com/docs/api-reference/endpoints/list) and the sessions behind them (one GET
 * each, usually one or two), so a poll costs 1 + sessions requests however big the fleet is.
 */
export async function observeServing(api: RotateApi, ownerId: string, urls: string[]): Promise<Serving> {
  // ngrok answers each URL in its own spelling (no default port, lower-case host): match by urlKey, report by ours.
  const wanted = new Set(urls.map(urlKey));
  const endpoints = await collect(api.endpoints.list({ filter: `obj.principal.id == "${ownerId}"` }));
  const agentEndpoints = endpoints.filter(
    (e) => isAgentEndpoint(e) && wanted.has(urlKey(e.url)) && e.tunnel_session,
  );
  const sessionIds = [...new Set(agentEndpoints.map((e) => e.tunnel_session!.id))];
  const sessions = await Promise.all(sessionIds.map((id) => api.tunnelSessions.get(id).catch(ignoreGone)));
  const credentialOf = new Map(sessions.flatMap((s) => (s ? [[s.id, s.credential?.id] as const] : [])));
  const byUrl: Serving['byUrl'] = new Map(urls.map((url) => [url, []]));
  for (const endpoint of agentEndpoints) {
    const session = endpoint.tunnel_session!.id;
    // A session that vanished between the two calls serves nothing any more.
    if (!credentialOf.has(session)) continue;
    for (const [url, entries] of byUrl)
      if (sameUrl(url, endpoint.url)) entries.push({ session, credential: credentialOf.get(session) });
  }
  return { byUrl };
}

/**
 * A session that ended between the two reads (404) serves nothing; any other failure (5xx, 429, a timeout) says
 * nothing about the session, so it ends the look instead of passing for "gone".
 */
function ignoreGone(error: unknown): undefined {
  if (error instanceof NgrokApiError && error.status === 404) return undefined;
  throw error;
}

/** The sessions of one credential that serve every url, or none when some url is not served by it. */
export function sessionsServingAll(serving: Serving, credentialId: string): string[] {
  let common: Set<string> | undefined;
  for (const entries of serving.byUrl.values()) {
    const mine = new Set(entries.filter((e) => e.credential === credentialId).map((e) => e.session));
    common = common ? new Set([...common].filter((id) => mine.has(id))) : mine;
  }
  return [...(common ?? [])];
}

/** The urls no session of this credential serves. */
export function urlsMissing(serving: Serving, credentialId: string): string[] {
  return [...serving.byUrl]
    .filter(([, entries]) => !entries.some((e) => e.credential === credentialId))
    .map(([u]) => u);
}

export interface WaitOptions {
  api: RotateApi;
  ownerId: string;
  urls: string[];
  credentialId: string;
  timing: { onlineTimeoutMs: number; pollMs: number };
  signal: AbortSignal;
  status(text: string): void;
  /** Extra condition, e.g. "a session other than the temporary agent's". */
  accept?: (sessions: string[]) => boolean;
}

/** Polls until a session of the credential serves every url; returns those sessions and when it was seen. */
export async function waitUntilServed(options: WaitOptions): Promise<{ sessions: string[]; seenAt: number }> {
  const { api, ownerId, urls, credentialId, timing, signal } = options;
  const deadline = Date.now() + timing.onlineTimeoutMs;
  let missing = urls;
  for (;;) {
    signal.throwIfAborted();
    const serving = await observeServing(api, ownerId, urls);
    const sessions = sessionsServingAll(serving, credentialId);
    if (sessions.length > 0 && (options.accept?.(sessions) ?? true)) return { sessions, seenAt: Date.now() };
    missing = urlsMissing(serving, credentialId);
    options.status(
      missing.length > 0
        ? `waiting for ${missing.length} of ${urls.length} endpoints`
        : 'waiting for the agent',
    );
    if (Date.now() >= deadline) break;
    await sleep(timing.pollMs, signal);
  }
  throw new ExternalError(
    `No agent session with credential ${credentialId} served every endpoint within ${Math.round(timing.onlineTimeoutMs / 1000)} s` +
      (missing.length > 0 ? ` (missing: ${missing.join(', ')}).` : '.'),
    'Run `clinic-tui doctor` for the agent log on the host.',
  );
}

/** Sessions of a credential still online, from the sessions serving the clinic's urls. */
export function sessionsOf(serving: Serving, credentialId: string): string[] {
  const ids = new Set<string>();
  for (const entries of serving.byUrl.values())
    for (const e of entries) if (e.credential === credentialId) ids.add(e.session);
  return [...ids];
}

/** Waits, or rejects at once when the signal aborts; the abort listener goes with the timer, so polls never pile up. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
