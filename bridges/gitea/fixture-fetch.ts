/**
 * Test support: a `fetch` that answers from the real Gitea responses captured in fixtures/ by
 * test/harness/gitea-capture-fixtures.ts, and records what it was asked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FetchFunction } from './gitea-http.ts';

export interface CapturedResponse {
  request: { method: string; path: string };
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface RecordedRequest {
  method: string;
  /** Path below /api/v1 without the query. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

const directory = path.join(import.meta.dirname, 'fixtures');

export function loadFixture(name: string): CapturedResponse {
  return JSON.parse(readFileSync(path.join(directory, `${name}.json`), 'utf8')) as CapturedResponse;
}

export function responseOf(captured: CapturedResponse): Response {
  const noBody = captured.status === 204 || captured.body === null;
  return new Response(noBody ? null : JSON.stringify(captured.body), {
    status: captured.status,
    headers: captured.headers,
  });
}

/**
 * Routes `METHOD /path` (query ignored) to a fixture name or a function; unknown routes answer 599 so a
 * test fails loudly.
 */
export function fixtureFetch(
  routes: Record<string, string | ((request: RecordedRequest) => Response | Promise<Response>)>,
): { fetch: FetchFunction; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch: FetchFunction = async (input, init) => {
    const url = new URL(input);
    const apiPath = url.pathname.replace(/^\/api\/v1/, '');
    const recorded: RecordedRequest = {
      method: init.method ?? 'GET',
      path: apiPath,
      query: url.searchParams,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(recorded);
    const route = routes[`${recorded.method} ${apiPath}`];
    if (route === undefined)
      return new Response(`no fixture for ${recorded.method} ${apiPath}`, { status: 599 });
    return typeof route === 'string' ? responseOf(loadFixture(route)) : route(recorded);
  };
  return { fetch, requests };
}
