import { compileFilter } from './filter.js';
import type { EmulatorState } from './state.js';
import type { Collection, StoredObject } from './store.js';

export interface RouteContext {
  state: EmulatorState;
  /** Path parameters captured by the route pattern, in order. */
  params: string[];
  query: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  handle(context: RouteContext): Reply;
}

/**
 * Query parameters every list accepts (https://ngrok.com/docs/api/#pagination,
 * https://ngrok.com/docs/api/api-filtering).
 */
export const listQuery = ['limit', 'before_id', 'filter'];

/** A route pattern for `/collection` or `/collection/{id}` and deeper fixed segments. */
export function path(template: string): RegExp {
  const source = template.replace(/\{[a-z_]+\}/g, '([^/]+)');
  return new RegExp(`^${source}$`);
}

/**
 * A list page: `{<key>: [...], uri, next_page_uri}` newest first; `next_page_uri` is a full URL or null
 * (https://ngrok.com/docs/api/#pagination); `filter` narrows the items first
 * (https://ngrok.com/docs/api/api-filtering).
 */
export function listReply(
  context: RouteContext,
  collection: Collection<StoredObject>,
  key: string,
  collectionPath: string,
  view: (item: StoredObject) => unknown = (item) => item,
): Reply {
  const { state, query } = context;
  // The first page reads the collection; the pages after it (before_id) page through that same reading.
  const listing = collection.listing(query.filter ?? '', compileFilter, !query.before_id);
  const page = collection.page(listing, query);
  const base = state.uri(collectionPath);
  let next: string | null = null;
  if (page.nextBeforeId) {
    const params = new URLSearchParams({ before_id: page.nextBeforeId, limit: query.limit || '100' });
    if (query.filter) params.set('filter', query.filter);
    next = `${base}?${params}`;
  }
  return { status: 200, body: { [key]: page.items.map(view), uri: base, next_page_uri: next } };
}
