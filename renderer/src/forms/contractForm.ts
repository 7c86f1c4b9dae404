import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { zod4Resolver } from 'mantine-form-zod-resolver';
import type { z } from 'zod';
import { isApiError, isSessionLost } from '../api/client.js';
import { useSession } from '../app/session.js';
import { errorMessage, fieldErrors, issueMessage, notifySuccess } from './errors.js';

/**
 * Validates form values with a contract schema (the same one the gateway uses) through
 * mantine-form-zod-resolver, after mapping UI values (empty number inputs, …) to contract input.
 * Messages are zod's own (localized by z.config) or the contract's codes translated via validation.*.
 */
export function useContractValidate<V>(schema: z.ZodType, toInput?: (values: V) => unknown) {
  const { t, i18n } = useTranslation();
  return useCallback(
    (values: V) => {
      const raw = zod4Resolver(schema)((toInput ? toInput(values) : values) as Record<string, unknown>);
      const out: Record<string, string> = {};
      for (const [path, message] of Object.entries(raw)) {
        if (typeof message === 'string') out[path] = issueMessage(message, undefined, t, (k) => i18n.exists(k));
      }
      return out;
    },
    [schema, toInput, t, i18n],
  );
}

/**
 * Handles a failed submit: field errors go onto the form's fields, the rest becomes a sentence
 * to show above the form. A lost session returns to sign-in.
 */
export function useSubmitError() {
  const { t, i18n } = useTranslation();
  const { expire } = useSession();
  return useCallback(
    (form: { setErrors(errors: Record<string, string>): void }, err: unknown): string | null => {
      if (isSessionLost(err)) {
        expire();
        return null;
      }
      if (isApiError(err) && err.fields.length > 0) {
        form.setErrors(fieldErrors(err.fields, t, (k) => i18n.exists(k)));
      }
      return errorMessage(err, t);
    },
    [t, i18n, expire],
  );
}

/**
 * The life of a form's actions: `run(action, success, onDone)` shows the busy state, says `success` (a message, or
 * one made from the action's result) when the action went through and then calls `onDone` with its result, or puts
 * its failure on the form (field errors) and in `error` (the sentence above the form, see `FormError`).
 */
export function useFormAction(form: { setErrors(errors: Record<string, string>): void }) {
  const submitError = useSubmitError();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(action: () => Promise<T>, success: string | null | ((result: T) => string), onDone?: (result: T) => void): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        const result = await action();
        const message = typeof success === 'function' ? success(result) : success;
        if (message !== null) notifySuccess(message);
        onDone?.(result);
        return true;
      } catch (err) {
        setError(submitError(form, err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [form, submitError],
  );
  return { error, setError, busy, run };
}
