import { z } from 'zod';
import type { GiteaHttp } from './gitea-http.ts';

export interface PageRequest {
  /** 1-based. */
  page?: number;
  /** Gitea caps this at its `[api] MAX_RESPONSE_ITEMS` (50 by default). */
  limit?: number;
  signal?: AbortSignal;
}

export interface ListPage<T> {
  items: T[];
  /** `X-Total-Count`, when Gitea sent it. */
  totalCount: number | undefined;
  /** The next page number, when the `Link` header has one. */
  nextPage: number | undefined;
}

/** GETs one page of a Gitea list endpoint. */
export async function listPage<T>(
  http: GiteaHttp,
  path: string,
  schema: z.ZodType<T>,
  request: PageRequest & { query?: Record<string, string | number | boolean | undefined> },
): Promise<ListPage<T>> {
  const response = await http.request({
    method: 'GET',
    path,
    query: { ...request.query, page: request.page ?? 1, limit: request.limit ?? 50 },
    schema: z.array(schema),
    signal: request.signal,
  });
  return { items: response.data, totalCount: response.page.totalCount, nextPage: response.page.nextPage };
}

/** Follows `Link: rel="next"` until the end or `maxItems`. */
export async function listAll<T>(
  fetchPage: (page: number) => Promise<ListPage<T>>,
  maxItems = 1000,
): Promise<T[]> {
  const items: T[] = [];
  for (let page: number | undefined = 1; page !== undefined && items.length < maxItems; ) {
    const result: ListPage<T> = await fetchPage(page);
    items.push(...result.items);
    if (result.items.length === 0 || result.nextPage === undefined || result.nextPage <= page) break;
    page = result.nextPage;
  }
  return items.slice(0, maxItems);
}
