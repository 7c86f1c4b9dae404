/**
 * The "visits" namespace of the catalogs, kept in its own module so features do not all edit en/vi/zh.ts.
 * English is the reference shape; vi and zh must have the same keys (type-checked and tested).
 */
import type { Widen } from '../widen.js';

export const visitsEn = {
  title: 'Visits',
} as const;

export const visitsVi: Widen<typeof visitsEn> = {
  title: 'Visits',
};

export const visitsZh: Widen<typeof visitsEn> = {
  title: 'Visits',
};
