/**
 * The "selfService" namespace of the catalogs, kept in its own module so features do not all edit en/vi/zh.ts.
 * English is the reference shape; vi and zh must have the same keys (type-checked and tested).
 */
import type { Widen } from '../widen.js';

export const selfServiceEn = {
  title: 'Self-service',
} as const;

export const selfServiceVi: Widen<typeof selfServiceEn> = {
  title: 'Self-service',
};

export const selfServiceZh: Widen<typeof selfServiceEn> = {
  title: 'Self-service',
};
