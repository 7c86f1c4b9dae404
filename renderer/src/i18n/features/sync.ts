/**
 * The "sync" namespace of the catalogs, kept in its own module so features do not all edit en/vi/zh.ts.
 * English is the reference shape; vi and zh must have the same keys (type-checked and tested).
 */
import type { Widen } from '../widen.js';

export const syncEn = {
  title: 'Sync',
} as const;

export const syncVi: Widen<typeof syncEn> = {
  title: 'Sync',
};

export const syncZh: Widen<typeof syncEn> = {
  title: 'Sync',
};
