/**
 * Errors of the visitor screens as the receptionist reads them: API errors translated with their parameters (the
 * custody slot, a card encoder's reason), field issues in the form's own field names, the visit codes of the
 * contract (`id_number`, `one_host`, `unknown_host`…) from the visits catalog.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, isSessionLost } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import type { FieldIssue } from '../../contract.js';
import { issueMessage } from '../../forms/errors.js';
import { catalogKey } from '../devices/deviceHelpers.js';
import { formFieldOf } from './visitHelpers.js';

export function useVisitErrors() {
  const { t, i18n } = useTranslation();
  const { expire } = useSession();

  /** One issue code or message: the visits catalog first, then the shared validation/issue catalogs. */
  const issueText = useCallback(
    (message: string, code?: string): string => {
      for (const candidate of [code, message]) {
        const key = `visits.validation.${candidate ?? ''}`;
        if (candidate && i18n.exists(key)) return t(key as 'visits.validation.id_number');
      }
      return issueMessage(message, code, t, (k) => i18n.exists(k));
    },
    [t, i18n],
  );

  /** A sentence for any failure; null when the session is gone (the app returns to sign-in). */
  const message = useCallback(
    (err: unknown): string | null => {
      if (isSessionLost(err)) {
        expire();
        return null;
      }
      if (!isApiError(err)) return t('errors.internal');
      const sentence = t(`errors.${err.code}` as 'errors.internal', err.params);
      const reason = err.params.reason;
      if (err.code === 'card_encode_failed' && typeof reason === 'string') {
        const key = `visits.card.encodeReasons.${catalogKey(reason)}`;
        if (i18n.exists(key)) return `${sentence} ${t(key as 'visits.card.encodeReasons.noCard')}`;
      }
      return sentence;
    },
    [t, i18n, expire],
  );

  /** Field errors of a failed request, keyed by the form's fields. */
  const fields = useCallback(
    (err: unknown): Record<string, string> => {
      if (!isApiError(err)) return {};
      const out: Record<string, string> = {};
      for (const issue of err.fields as FieldIssue[]) {
        const field = formFieldOf(issue.path);
        if (!(field in out)) out[field] = issueText(issue.message, issue.code);
      }
      return out;
    },
    [issueText],
  );

  return { message, fields, issueText };
}
