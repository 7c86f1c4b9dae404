/**
 * Each language's catalog is its own chunk: a screen loads the one it shows (the kiosk's welcome, which speaks all
 * three, loads all three); switching language loads the new one first (i18n/index.ts). No static imports, so the
 * entry can start loading a catalog before anything else has run (app/firstScreen.ts; docs/performance.md, "Screens").
 */
import type { Locale } from '../contract.js';
import type { Catalog } from './en.js';

export const LOCALE_STORAGE_KEY = 'frontgate.locale';

export const catalogs: Record<Locale, () => Promise<Catalog>> = {
  vi: () => import('./vi.js').then((m) => m.vi),
  zh: () => import('./zh.js').then((m) => m.zh),
  en: () => import('./en.js').then((m) => m.en),
};
