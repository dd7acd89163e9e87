import * as z from '../zod.js';
import { NgrokApiError } from './errors.js';
import type { ApiTransport } from './transport.js';

/**
 * ngrok's maximum page size (https://ngrok.com/docs/api/#pagination); fewer pages means fewer of the 120 requests
 * a minute.
 */
export const pageLimit = 100;

/**
 * Yields every item of a list, newest first, following `next_page_uri` until it is null. Following the link
 * rather than building `before_id` ourselves is what ngrok's Go client settled on (ngrok-api-go v5.4.1, whose
 * changelog says paging by the last item's id broke for some resources such as reserved addresses).
 * `query` goes on the first request only (the links carry it on); `keep` narrows the items on the client.
 * Once `signal` aborts, no further page is requested and the one in flight is dropped.
 */
export async function* listAll<T>(
  transport: ApiTransport,
  path: string,
  key: string,
  itemSchema: z.ZodMiniType<T>,
  keep?: (item: T) => boolean,
  query: Record<string, string> = {},
  signal?: AbortSignal,
): AsyncGenerator<T> {
  const pageSchema = z.looseObject({
    [key]: z.nullish(z.array(itemSchema)),
    next_page_uri: z.nullish(z.string()),
  });
  const visited = new Set<string>();
  let next: string | undefined = transport.url(path, { limit: String(pageLimit), ...query }).toString();
  while (next) {
    // A server that links a page to itself or an earlier page would otherwise be read forever.
    if (visited.has(next)) {
      throw new NgrokApiError({
        message: `ngrok API list ${path} repeated a page link (${next})`,
        status: 0,
      });
    }
    visited.add(next);
    const page: Record<string, unknown> | undefined = await transport.request('GET', next, {
      schema: pageSchema,
      ...(signal ? { signal } : {}),
    });
    const items = (page?.[key] ?? []) as T[];
    yield* keep ? items.filter(keep) : items;
    const link: string | undefined = (page?.next_page_uri as string | null | undefined) || undefined;
    next = link && transport.url(link).toString();
  }
}

/** Gathers an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
