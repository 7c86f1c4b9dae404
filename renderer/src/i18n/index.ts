import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import { en as zodEn, vi as zodVi, zhCN as zodZh } from 'zod/locales';
import { Locale } from '../contract.js';
import { en } from './en.js';
import { vi } from './vi.js';
import { zh } from './zh.js';

export const LOCALE_STORAGE_KEY = 'frontgate.locale';
export const locales = Locale.options;

export const resources = {
  vi: { translation: vi },
  zh: { translation: zh },
  en: { translation: en },
} as const;

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

export function createI18n(initial: Locale): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: initial,
    fallbackLng: 'en',
    supportedLngs: [...locales],
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  applyLocale(instance, initial);
  instance.on('languageChanged', (lng) => applyLocale(instance, asLocale(lng)));
  return instance;
}
