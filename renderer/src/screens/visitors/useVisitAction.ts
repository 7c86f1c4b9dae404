/** One desk action on a visit (contact host, admit, hold or return the document…): busy state and its translated error. */
import { useCallback, useState } from 'react';
import { useVisitErrors } from './useVisitErrors.js';

export function useVisitAction<R>(onDone: (result: R) => void) {
  const errors = useVisitErrors();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const errorMessage = errors.message;
  const run = useCallback(
    async (name: string, call: () => Promise<R>): Promise<boolean> => {
      setBusy(name);
      setError(null);
      try {
        onDone(await call());
        return true;
      } catch (err) {
        setError(errorMessage(err));
        return false;
      } finally {
        setBusy(null);
      }
    },
    [onDone, errorMessage],
  );
  return { busy, error, setError, run };
}
