import type { ErrorCode, FieldIssue } from './contract/index.js';

/** An error the client can act on: an HTTP status, a code the UI translates, and optional field issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldIssue[],
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = () => new ApiError(403, 'forbidden', 'you do not have permission for this');
export const unauthorized = (code: 'unauthorized' | 'session_expired' = 'unauthorized') => new ApiError(401, code, 'sign in first');
export const fieldError = (path: (string | number)[], code: string, message: string) =>
  new ApiError(422, 'validation_failed', message, [{ path, code, message }]);
