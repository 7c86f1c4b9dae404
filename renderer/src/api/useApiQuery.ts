import { startTransition, useCallback, useEffect, useState } from 'react';
import type { EndpointName, ResponseOf } from '../contract.js';
import { useSession } from '../app/session.js';
import { api, isSessionLost, type ApiError, type CallOptions } from './client.js';

export interface Query<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/**
 * Loads one endpoint and reloads when `options` change (compared by value). Keeps the previous data
 * while a new request runs so lists do not flash. A lost session returns the user to sign-in.
 * The answer renders as a transition: React renders it in slices of a few milliseconds with input and painting in
 * between, instead of one long task for a long list (docs/performance.md, "Screens").
 */
export function useApiQuery<N extends EndpointName>(name: N, options: CallOptions<N> | null): Query<ResponseOf<N>> {
  const { expire } = useSession();
  const [data, setData] = useState<ResponseOf<N> | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(options !== null);
  const [generation, setGeneration] = useState(0);
  const key = options === null ? null : JSON.stringify(options);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    const opts = { ...(JSON.parse(key) as object), signal: controller.signal } as CallOptions<N>;
    setLoading(true);
    const call = api as (n: N, o: CallOptions<N>) => Promise<ResponseOf<N>>;
    call(name, opts).then(
      (result) =>
        startTransition(() => {
          setData(result);
          setError(null);
          setLoading(false);
        }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        if (isSessionLost(err)) expire();
        setError(err as ApiError);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [name, key, generation, expire]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}
