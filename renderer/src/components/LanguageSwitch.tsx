import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../contract.js';
import { asLocale, locales, storeLocale } from '../i18n/index.js';
import { Hint } from './Hint.js';

/** VI / 中 / EN: switches every string at once and remembers the choice on this device. */
export function LanguageSwitch({ size = 'sm' }: { size?: 'sm' | 'md' | 'xl' }) {
  const { t, i18n } = useTranslation();
  const current = asLocale(i18n.language);
  const choose = (locale: Locale) => {
    storeLocale(locale);
    void i18n.changeLanguage(locale);
  };
  return (
    <Group gap={size === 'xl' ? 'xl' : 4} justify="center" role="group" aria-label={t('lang.label')} wrap="nowrap">
      {locales.map((locale) => (
        <Hint key={locale} label={t(`lang.${locale}`)} openDelay={400} disabled={size === 'xl'}>
          <Button
            size={size}
            px={size === 'xl' ? 'xl' : 'sm'}
            h={size === 'xl' ? 96 : undefined}
            miw={size === 'xl' ? 240 : undefined}
            fz={size === 'xl' ? 30 : undefined}
            radius={size === 'xl' ? 'lg' : undefined}
            variant={locale === current ? 'filled' : 'default'}
            aria-pressed={locale === current}
            lang={locale}
            data-testid={`lang-${locale}`}
            onClick={() => choose(locale)}
          >
            {size === 'xl' ? t(`lang.${locale}`) : t(`lang.short_${locale}`)}
          </Button>
        </Hint>
      ))}
    </Group>
  );
}
