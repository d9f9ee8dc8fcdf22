/**
 * Gitea's list pagination: `?page=N&limit=M` in, `X-Total-Count` and an RFC 8288 `Link` header
 * (`<…?page=2&limit=50>; rel="next"`) out.
 */

export interface PageInfo {
  /** `X-Total-Count`, when Gitea sent it. */
  totalCount: number | undefined;
  /** The page number of `rel="next"`, when there is one. */
  nextPage: number | undefined;
}

export function pageInfo(headers: Headers): PageInfo {
  const total = headers.get('x-total-count');
  const totalCount = total !== null && /^\d+$/.test(total.trim()) ? Number(total.trim()) : undefined;
  return { totalCount, nextPage: nextPageOf(headers.get('link')) };
}

/** The `page` query parameter of the `rel="next"` link, or undefined. */
export function nextPageOf(link: string | null): number | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (!match?.[1] || !/\brel\s*=\s*"?next"?/.test(match[2] ?? '')) continue;
    const page = new URL(match[1], 'http://link.invalid').searchParams.get('page');
    if (page !== null && /^\d+$/.test(page)) return Number(page);
  }
  return undefined;
}
