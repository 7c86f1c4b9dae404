import { lazy, useState, type ComponentType } from 'react';
import type { ScreenLoader } from './firstScreen.js';

/**
 * The component `name` of a chunk loaded on demand (React.lazy), typed as in its module. When the chunk is already
 * here — preloaded by the entry (firstScreen.ts) or on a first touch — it renders at once: React.lazy would suspend
 * it first, and React holds a Suspense boundary's content back for up to 300 ms once it showed the fallback.
 */
export function lazyFrom<M, K extends keyof M>(load: ScreenLoader<M>, name: K): M[K] {
  const Lazy = lazy(async () => ({ default: (await load())[name] as ComponentType<object> }));
  function Lazily(props: object) {
    const [Component] = useState(() => (load.module?.[name] as ComponentType<object> | undefined) ?? Lazy);
    return <Component {...props} />;
  }
  return Lazily as M[K];
}
