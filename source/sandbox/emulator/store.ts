import { randomBytes } from 'node:crypto';
import { apiError, notFound } from './http.js';

/** A stored resource: the JSON object the API returns, keyed by id. */
export interface StoredObject {
  id: string;
  [field: string]: unknown;
}

/** A list as one request sees it: newest first, filtered, with each item's position for `before_id`. */
export interface Listing<T> {
  items: T[];
  positions: Map<string, number>;
}

export interface Page<T> {
  items: T[];
  /** The id to pass as `before_id` for the next page, or undefined on the last page. */
  nextBeforeId: string | undefined;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** An id with ngrok's prefix for the resource, e.g. `cr_2abc…`; 27 random base62 characters. */
export function newId(prefix: string): string {
  const bytes = randomBytes(27);
  let text = '';
  for (const byte of bytes) text += alphabet[byte % alphabet.length];
  return `${prefix}_${text}`;
}

/** One resource collection, oldest first in memory, served newest first (https://ngrok.com/docs/api/#pagination). */
export class Collection<T extends StoredObject> {
  private readonly items = new Map<string, T>();
  /** Optional secondary index (e.g. endpoints by URL), so seeding thousands of items stays linear. */
  private readonly byKey = new Map<string, Set<string>>();

  /** Bumped by every change, so cached listings know when they are stale. */
  private version = 0;
  /** Listings by filter text; continuation pages reuse them, so a list of 60,000 is one pass, not 600. */
  private readonly listings = new Map<string, { version: number; listing: Listing<T> }>();

  constructor(
    readonly label: string,
    private readonly keyOf?: (item: T) => string,
  ) {}

  /** Marks the collection changed after an item was edited in place (PATCH). */
  touch(): void {
    this.version++;
  }

  get size(): number {
    return this.items.size;
  }

  add(item: T): T {
    this.version++;
    this.items.set(item.id, item);
    if (this.keyOf) {
      const key = this.keyOf(item);
      const ids = this.byKey.get(key) ?? new Set<string>();
      ids.add(item.id);
      this.byKey.set(key, ids);
    }
    return item;
  }

  /** Items whose index key equals `key` (needs a keyOf). */
  withKey(key: string): T[] {
    return [...(this.byKey.get(key) ?? [])].map((id) => this.get(id));
  }

  get(id: string): T {
    const item = this.items.get(id);
    if (!item) throw notFound(`${this.label} ${id}`);
    return item;
  }

  find(id: string): T | undefined {
    return this.items.get(id);
  }

  remove(id: string): T {
    const item = this.get(id);
    this.version++;
    this.items.delete(id);
    if (this.keyOf) this.byKey.get(this.keyOf(item))?.delete(id);
    return item;
  }

  /** Every item, newest first. */
  all(): T[] {
    return [...this.items.values()].reverse();
  }

  /**
   * The items newest first, narrowed by `keep`. The first page of a list (`fresh`) always reads the items anew;
   * the pages after it reuse that reading while nothing changed, as a cursor over one list would.
   */
  listing(filter: string, compile: (filter: string) => (item: T) => boolean, fresh: boolean): Listing<T> {
    const cached = this.listings.get(filter);
    if (!fresh && cached && cached.version === this.version) return cached.listing;
    const all = this.all();
    const items = filter ? all.filter(compile(filter)) : all;
    const listing = { items, positions: new Map(items.map((item, index) => [item.id, index])) };
    // A handful of filters are in use at a time (e.g. agent and cloud endpoints); old ones are dropped.
    if (this.listings.size >= 8) this.listings.clear();
    this.listings.set(filter, { version: this.version, listing });
    return listing;
  }

  /**
   * One page, newest first: items older than `beforeId`, at most `limit` (≤ 100,
   * https://ngrok.com/docs/api/#pagination). The last page reports no next id, so listing 1,000 items at limit 100
   * takes exactly 10 requests.
   */
  page(listing: Listing<T>, query: { limit?: string; before_id?: string }): Page<T> {
    const { items } = listing;
    const limit = parseLimit(query.limit);
    let start = 0;
    if (query.before_id) {
      const index = listing.positions.get(query.before_id);
      // An unknown before_id (deleted meanwhile) yields an empty page rather than restarting from the top.
      start = index === undefined ? items.length : index + 1;
    }
    const slice = items.slice(start, start + limit);
    const last = slice.at(-1);
    return { items: slice, nextBeforeId: start + limit < items.length && last ? last.id : undefined };
  }
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 100;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw apiError(
      400,
      'ERR_NGROK_215',
      `The value provided for the request parameter limit is invalid: ${raw}`,
    );
  }
  return limit;
}
