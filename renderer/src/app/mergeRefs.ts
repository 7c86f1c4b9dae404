/**
 * What Mantine's ScrollArea gets for `import { useMergeRefs } from '@floating-ui/react'` (vite.config.ts): the same
 * merged callback ref from @mantine/hooks, so that a table (whose scroll container is a ScrollArea) does not bring
 * all of floating-ui into a screen's first load. docs/performance.md, "Screens".
 */
import { useMergedRef } from '@mantine/hooks';
import type { Ref, RefCallback } from 'react';

export function useMergeRefs<T>(refs: ReadonlyArray<Ref<T> | undefined>): RefCallback<T> {
  return useMergedRef(...refs);
}
