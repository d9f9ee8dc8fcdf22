/**
 * One HTTP call to Gitea's v1 API over an injected `fetch`: token authentication, a timeout on every
 * attempt, retries only where a repeat cannot duplicate an effect, and every failure turned into a
 * `GiteaError` that names the method and path (never the token).
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { z } from 'zod';
import type { BridgeErrorCode } from '../errors.ts';
import { GiteaError } from './gitea-error.ts';
import { ApiErrorSchema } from './gitea-schemas.ts';
import { type PageInfo, pageInfo } from './pagination.ts';

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface GiteaHttpOptions {
  /** The Gitea root URL, e.g. `http://127.0.0.1:3000` (the `/api/v1` prefix is added). */
  baseUrl: string;
  token: string;
  fetch?: FetchFunction;
  /** Per attempt, including reading the body. */
  timeoutMs?: number;
  /** Extra attempts for calls that are safe to repeat. */
  retries?: number;
  /** First backoff; doubled per retry. */
  retryDelayMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface GiteaRequest<T> {
  method: HttpMethod;
  /** API path below `/api/v1`, already encoded, e.g. `/repos/owner/name/issues`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Validates the 2xx body; without it the body is ignored. */
  schema?: z.ZodType<T>;
  /**
   * Whether a repeat is harmless. Defaults: GET, HEAD, PUT, PATCH and DELETE yes; POST no (a repeated
   * creation makes a second issue). A POST whose repeat is harmless (attach labels) says so.
   */
  idempotent?: boolean;
  /** Statuses (besides 2xx) answered with `{status, data: undefined}` instead of an error, e.g. 404. */
  allowStatus?: readonly number[];
  signal?: AbortSignal;
}

export interface GiteaResponse<T> {
  status: number;
  data: T;
  page: PageInfo;
}

const IDEMPOTENT: Record<HttpMethod, boolean> = {
  GET: true,
  HEAD: true,
  PUT: true,
  PATCH: true,
  DELETE: true,
  POST: false,
};

export const TOKEN_FIX =
  'put a valid token in the Gitea token file (mode 0600); create one with `gitea admin user ' +
  'generate-access-token --username <user> --token-name timmy --scopes write:repository,write:issue,write:user --raw`';

export class GiteaHttp {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #fetch: FetchFunction;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(options: GiteaHttpOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retries = options.retries ?? 2;
    this.#retryDelayMs = options.retryDelayMs ?? 300;
    this.#sleep = options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, { signal }));
  }

  async request<T>(request: GiteaRequest<T>): Promise<GiteaResponse<T>> {
    const repeatable = request.idempotent ?? IDEMPOTENT[request.method];
    const attempts = repeatable ? this.#retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once(request);
      } catch (error) {
        const retry = error instanceof GiteaError && error.retryable && attempt < attempts;
        if (!retry || request.signal?.aborted) throw error;
        await this.#sleep(this.#retryDelayMs * 2 ** (attempt - 1), request.signal);
      }
    }
  }

  async #once<T>(request: GiteaRequest<T>): Promise<GiteaResponse<T>> {
    const { method, path } = request;
    const fail = (
      code: BridgeErrorCode,
      message: string,
      extra: Partial<{ status: number; remote: string }>,
    ) =>
      new GiteaError(
        code,
        `Gitea bridge: ${method} ${path} ${message}`,
        { method, path, status: extra.status, remoteMessage: extra.remote },
        { fix: code === 'BRIDGE_ERR_AUTH_FAILED' ? TOKEN_FIX : undefined },
      );
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.#timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
    try {
      let response: Response;
      try {
        response = await this.#fetch(this.#url(request), {
          method,
          headers: {
            Authorization: `token ${this.#token}`,
            Accept: 'application/json',
            ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal,
        });
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        if (timeout.signal.aborted) {
          throw fail('BRIDGE_ERR_TIMEOUT', `got no answer within ${this.#timeoutMs} ms`, {});
        }
        throw fail('BRIDGE_ERR_UNREACHABLE', `could not reach ${this.baseUrl} (${describe(error)})`, {});
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason;
        if (timeout.signal.aborted) {
          throw fail('BRIDGE_ERR_TIMEOUT', `answer not read within ${this.#timeoutMs} ms`, {});
        }
        throw fail('BRIDGE_ERR_UNREACHABLE', `lost the connection mid-answer (${describe(error)})`, {});
      }
      const status = response.status;
      if (status >= 200 && status < 300) {
        const page = pageInfo(response.headers);
        if (!request.schema) return { status, data: undefined as T, page };
        const parsed = request.schema.safeParse(parseJson(text));
        if (!parsed.success) {
          throw fail('BRIDGE_ERR_INVALID_RESPONSE', `answered ${status} with an unexpected body`, { status });
        }
        return { status, data: parsed.data, page };
      }
      if (request.allowStatus?.includes(status)) {
        return { status, data: undefined as T, page: pageInfo(response.headers) };
      }
      const remote = ApiErrorSchema.safeParse(parseJson(text)).data?.message?.slice(0, 300);
      const said = remote ? `: ${remote}` : '';
      if (status === 401 || status === 403) {
        const reason =
          status === 401 ? 'the token is wrong or expired' : 'the token lacks a scope or permission';
        throw fail('BRIDGE_ERR_AUTH_FAILED', `was refused (${status}, ${reason})${said}`, { status, remote });
      }
      throw fail('BRIDGE_ERR_HTTP_STATUS', `answered ${status}${said}`, { status, remote });
    } finally {
      clearTimeout(timer);
    }
  }

  #url(request: GiteaRequest<unknown>): string {
    const url = new URL(`${this.baseUrl}/api/v1${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : cause instanceof Error ? cause.message : String(cause);
}

/** Encodes one path segment (owner, repository, branch). */
export const segment = (value: string | number) => encodeURIComponent(String(value));

/** Encodes a file path inside a repository, keeping its slashes. */
export const filePath = (value: string) => value.split('/').filter(Boolean).map(segment).join('/');
