import { z } from 'zod';
import type { ApiTransport } from './transport.js';

/** ngrok's maximum page size (facts §1 "Pagination"); fewer pages means fewer of the 120 requests a minute. */
export const pageLimit = 100;

/**
 * Yields every item of a list, newest first, following `next_page_uri` until it is null. Following the link
 * rather than building `before_id` ourselves is what ngrok's Go client settled on (facts §1, GO v5.4.1).
 */
export async function* listAll<T>(
  transport: ApiTransport,
  path: string,
  key: string,
  itemSchema: z.ZodType<T>,
  query: Record<string, string | undefined> = {},
): AsyncGenerator<T> {
  const pageSchema = z.looseObject({
    [key]: z.array(itemSchema).nullish(),
    next_page_uri: z.string().nullish(),
  });
  let next: string | undefined = transport.url(path, { limit: String(pageLimit), ...query }).toString();
  while (next) {
    const page: Record<string, unknown> | undefined = await transport.request('GET', next, {
      schema: pageSchema,
    });
    yield* (page?.[key] ?? []) as T[];
    next = (page?.next_page_uri as string | null | undefined) ?? undefined;
  }
}

/** Gathers an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
