import i18next, { type BackendModule, type i18n as I18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import { en as zodEn, vi as zodVi, zhCN as zodZh } from 'zod/locales';
import { Locale } from '../contract.js';
import { catalogs, LOCALE_STORAGE_KEY } from './catalogs.js';

export { LOCALE_STORAGE_KEY };
export const locales = Locale.options;

/** Loads a language's catalog (catalogs.ts) when i18next switches to it. */
const catalogBackend: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read: (language, _namespace, callback) => {
    catalogs[asLocale(language)]().then(
      (catalog) => callback(null, catalog),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), false),
    );
  },
};

/** BCP 47 tags for Intl (dates, numbers, collation). */
export const intlLocale: Record<Locale, string> = { vi: 'vi-VN', zh: 'zh-CN', en: 'en-GB' };

const zodLocales: Record<Locale, () => Parameters<typeof z.config>[0]> = { vi: zodVi, zh: zodZh, en: zodEn };

/** The locale the user picked on this device, if any. */
export function storedLocale(storage: Pick<Storage, 'getItem'> = localStorage): Locale | null {
  const parsed = Locale.safeParse(storage.getItem(LOCALE_STORAGE_KEY));
  return parsed.success ? parsed.data : null;
}

export function storeLocale(locale: Locale, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(LOCALE_STORAGE_KEY, locale);
}

export function asLocale(value: string | undefined): Locale {
  const parsed = Locale.safeParse(value);
  return parsed.success ? parsed.data : 'en';
}

/**
 * Zod's own messages and the document language follow the UI language. Empty required values read
 * "Required" rather than zod's technical "expected string to have >=1 characters".
 */
function applyLocale(instance: I18n, locale: Locale): void {
  const t = instance.getFixedT(locale);
  z.config({
    ...zodLocales[locale](),
    customError: (issue) => {
      if (issue.code === 'invalid_type' && isBlank(issue.input)) return t('issues.required');
      if (issue.code === 'too_small' && issue.origin === 'string') {
        return issue.minimum === 1 ? t('issues.required') : t('issues.min_chars', { n: String(issue.minimum) });
      }
      if (issue.code === 'too_big' && issue.origin === 'string') return t('issues.max_chars', { n: String(issue.maximum) });
      if (issue.code === 'too_small' && issue.origin === 'number') return t('issues.min_value', { n: String(issue.minimum) });
      if (issue.code === 'too_big' && issue.origin === 'number') return t('issues.max_value', { n: String(issue.maximum) });
      return undefined;
    },
  });
  document.documentElement.lang = intlLocale[locale];
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (typeof value === 'number' && Number.isNaN(value));
}

/** An i18next instance in `initial`, with the catalogs of `initial` and of `preload` loaded before it resolves. */
export async function createI18n(initial: Locale, preload: readonly Locale[] = []): Promise<I18n> {
  const wanted = [...new Set([initial, ...preload])];
  const loaded = await Promise.all(wanted.map(async (locale) => [locale, { translation: await catalogs[locale]() }] as const));
  const instance = i18next.createInstance();
  await instance
    .use(initReactI18next)
    .use(catalogBackend)
    .init({
      resources: Object.fromEntries(loaded) as Resource,
      partialBundledLanguages: true,
      lng: initial,
      // A catalog has every key (test/renderer/i18n.test.ts): no fallback language to load alongside.
      fallbackLng: false,
      supportedLngs: [...locales],
      load: 'currentOnly',
      interpolation: { escapeValue: false },
    });
  applyLocale(instance, initial);
  instance.on('languageChanged', (lng) => applyLocale(instance, asLocale(lng)));
  return instance;
}
