import type { z } from 'zod';
import { listAll } from './paging.js';
import type { ApiTransport } from './transport.js';

/** The calls ngrok offers on most resources, typed by the resource and its create/update bodies. */
export interface Resource<T, Create, Update = never> {
  create(body: Create): Promise<T>;
  get(id: string): Promise<T>;
  update(id: string, body: Update): Promise<T>;
  delete(id: string): Promise<void>;
  list(options?: { filter?: string }): AsyncIterable<T>;
}

/** Builds create/get/update/delete/list for one collection path such as `/credentials` (facts §2). */
export function resource<T, Create, Update = never>(
  transport: ApiTransport,
  path: string,
  listKey: string,
  schema: z.ZodType<T>,
): Resource<T, Create, Update> {
  const one = (id: string) => `${path}/${encodeURIComponent(id)}`;
  return {
    create: async (body) => required(await transport.request('POST', path, { body, schema, create: true })),
    get: async (id) => required(await transport.request('GET', one(id), { schema })),
    update: async (id, body) => required(await transport.request('PATCH', one(id), { body, schema })),
    delete: async (id) => {
      await transport.request('DELETE', one(id));
    },
    // `filter` is ngrok's newer CEL list filter (facts §1 "Filtering"); absent means every item.
    list: (options) => listAll(transport, path, listKey, schema, { filter: options?.filter }),
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('ngrok answered with an empty body where a resource was expected');
  return value;
}
