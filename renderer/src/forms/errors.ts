import type { TFunction } from 'i18next';
import { notifications } from '@mantine/notifications';
import { isApiError, type ApiError } from '../api/client.js';
import type { FieldIssue } from '../contract.js';

type T = TFunction;

/** A translated sentence for any error the client can raise. */
export function errorMessage(err: unknown, t: T): string {
  if (isApiError(err)) return t(`errors.${err.code}` as 'errors.document_in_custody', err.params as { slot: string });
  return t('errors.internal');
}

/**
 * A zod issue message, translated: the contract's custom codes (`{ error: 'phone' }`) via validation.*,
 * then the issue code via issues.*, then the message itself (zod's localized text).
 */
export function issueMessage(message: string, code: string | undefined, t: T, exists: (key: string) => boolean): string {
  if (exists(`validation.${message}`)) return t(`validation.${message}` as 'validation.phone');
  if (code && exists(`issues.${code}`)) return t(`issues.${code}` as 'issues.custom');
  return message;
}

/** Field errors of an ApiError keyed by form path ("units.0.unitId"). */
export function fieldErrors(
  fields: readonly FieldIssue[],
  t: T,
  exists: (key: string) => boolean,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of fields) {
    const path = issue.path.join('.');
    if (!out[path]) out[path] = issueMessage(issue.message, issue.code, t, exists);
  }
  return out;
}

export function notifyError(err: unknown, t: T): void {
  notifications.show({ color: 'red', message: errorMessage(err, t) });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message });
}

export type { ApiError };
