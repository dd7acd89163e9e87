import type * as z from '../zod.js';
import { fitRequestBody } from './body.js';
import { NgrokApiError } from './errors.js';
import { evaluateFilter, parseListFilter } from './list-filter.js';
import { sentFilter } from './list-filter-sent.js';
import { listAll } from './paging.js';
import type { ApiTransport } from './transport.js';

/** The calls ngrok offers on most resources, typed by the resource and its create/update bodies. */
export interface Resource<T, Create, Update = never> {
  create(body: Create): Promise<T>;
  get(id: string, options?: ReadOptions): Promise<T>;
  update(id: string, body: Update): Promise<T>;
  delete(id: string): Promise<void>;
  /**
   * Every item, or those a CEL `filter` in ngrok's syntax keeps (https://ngrok.com/docs/api/api-filtering/).
   * Its documented part is sent (list-filter-sent.ts), so ngrok returns fewer pages (the fleet's request budget
   * depends on it), AND the whole expression is evaluated here on every item: a server that ignored the filter
   * would otherwise hand callers (e.g. offboarding's deletes) every item of the account. A server that refuses
   * the filter with a 400 before any item arrived is asked again without it. `signal` stops the paging.
   */
  list(options?: ListOptions): AsyncIterable<T>;
}

/** A read its caller may give up on: once `signal` aborts, nothing more is requested. */
export interface ReadOptions {
  signal?: AbortSignal;
}

/** A list read: an optional CEL filter (https://ngrok.com/docs/api/api-filtering/) and signal. */
export interface ListOptions extends ReadOptions {
  filter?: string;
}

/** Builds create/get/update/delete/list for one collection path such as `/credentials`. */
export function resource<T, Create, Update = never>(
  transport: ApiTransport,
  path: string,
  listKey: string,
  schema: z.ZodMiniType<T>,
): Resource<T, Create, Update> {
  const one = (id: string) => `${path}/${encodeURIComponent(id)}`;
  return {
    create: async (body) =>
      required(
        await transport.request('POST', path, { body: fitRequestBody(body, 'create'), schema, create: true }),
      ),
    get: async (id, options) =>
      required(
        await transport.request('GET', one(id), {
          schema,
          ...(options?.signal ? { signal: options.signal } : {}),
        }),
      ),
    update: async (id, body) =>
      required(await transport.request('PATCH', one(id), { body: fitRequestBody(body, 'update'), schema })),
    delete: async (id) => {
      await transport.request('DELETE', one(id));
    },
    list: async function* (options) {
      const filter = options?.filter;
      const signal = options?.signal;
      if (filter === undefined) {
        yield* listAll(transport, path, listKey, schema, undefined, {}, signal);
        return;
      }
      // Parsed before the first request, so a bad expression fails without touching the API.
      const tree = parseListFilter(filter);
      const keep = (item: T) => evaluateFilter(tree, item as Record<string, unknown>);
      const sent = sentFilter(tree, path);
      let yielded = false;
      try {
        const query: Record<string, string> = sent === undefined ? {} : { filter: sent };
        for await (const item of listAll(transport, path, listKey, schema, keep, query, signal)) {
          yielded = true;
          yield item;
        }
      } catch (error) {
        if (sent === undefined || yielded || !(error instanceof NgrokApiError) || error.status !== 400)
          throw error;
        yield* listAll(transport, path, listKey, schema, keep, {}, signal);
      }
    },
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('ngrok answered with an empty body where a resource was expected');
  return value;
}
