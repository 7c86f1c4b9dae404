/**
 * Typed HTTP client generated from the contract's endpoint table: `api('createUnit', { body })`.
 * Requests carry the staff session cookie and, when this browser is a paired station, its bearer token.
 * Every success is parsed with the endpoint's response schema; every failure becomes an ApiError.
 */
import {
  ApiErrorBody,
  buildPath,
  endpoints,
  type BodyOf,
  type EndpointName,
  type ErrorCode,
  type FieldIssue,
  type ParamsOf,
  type QueryOf,
  type ResponseOf,
} from '../contract.js';
import { readStationToken } from './stationToken.js';

/** Contract error codes plus the two the client itself detects. */
export type ClientErrorCode = ErrorCode | 'network' | 'bad_response';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ClientErrorCode,
    readonly status: number,
    readonly fields: FieldIssue[] = [],
    readonly params: Record<string, string | number> = {},
    message: string = code,
  ) {
    super(message);
  }
}

type Part<K extends string, V> = [V] extends [undefined]
  ? { [P in K]?: undefined }
  : Record<string, never> extends V
    ? { [P in K]?: V }
    : { [P in K]: V };

export type CallOptions<N extends EndpointName> = Part<'params', ParamsOf<N>> &
  Part<'query', QueryOf<N>> &
  Part<'body', BodyOf<N>> & { signal?: AbortSignal };

type CallArgs<N extends EndpointName> = Record<string, never> extends CallOptions<N>
  ? [options?: CallOptions<N>]
  : [options: CallOptions<N>];

export interface ClientDeps {
  fetch: typeof fetch;
  stationToken: () => string | null;
}

const statusCodes: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  507: 'storage_full',
};

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

export function createApi(deps: ClientDeps) {
  return async function api<N extends EndpointName>(name: N, ...[options]: CallArgs<N>): Promise<ResponseOf<N>> {
    const endpoint = endpoints[name];
    const opts = (options ?? {}) as {
      params?: Record<string, string | number>;
      query?: Record<string, unknown>;
      body?: unknown;
      signal?: AbortSignal;
    };
    const url = buildPath(endpoint.path, opts.params) + queryString(opts.query);
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = deps.stationToken();
    if (token) headers.authorization = `Bearer ${token}`;
    const init: RequestInit = { method: endpoint.method, headers, credentials: 'same-origin' };
    if (opts.signal) init.signal = opts.signal;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(opts.body);
    }

    let response: Response;
    try {
      response = await deps.fetch(url, init);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError('network', 0);
    }

    const text = await response.text().catch(() => '');
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }

    if (!response.ok) {
      const body = ApiErrorBody.safeParse(json);
      if (body.success) {
        const e = body.data.error;
        throw new ApiError(e.code, response.status, e.fields ?? [], e.params ?? {}, e.message);
      }
      throw new ApiError(statusCodes[response.status] ?? 'internal', response.status);
    }

    const parsed = endpoint.response.safeParse(json);
    if (!parsed.success) throw new ApiError('bad_response', response.status, [], {}, parsed.error.message);
    return parsed.data as ResponseOf<N>;
  };
}

export type Api = ReturnType<typeof createApi>;

/** The browser's client: window.fetch and this browser's station token. */
export const api: Api = createApi({
  fetch: (input, init) => globalThis.fetch(input, init),
  stationToken: () => readStationToken(),
});

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** True when the error means the staff session is gone (the UI then returns to the sign-in screen). */
export function isSessionLost(err: unknown): boolean {
  return isApiError(err) && err.status === 401 && (err.code === 'unauthorized' || err.code === 'session_expired');
}
