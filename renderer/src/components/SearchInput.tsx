import { TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconSearch } from './icons.js';

type Props = Omit<TextInputProps, 'onChange' | 'value'> & {
  value: string;
  onSearch(value: string): void;
  'data-testid'?: string;
};

/** The search box above a list: magnifier icon, "search" label for screen readers, plain string callback. */
export function SearchInput({ onSearch, ...rest }: Props) {
  const { t } = useTranslation();
  return (
    <TextInput
      leftSection={<IconSearch size={18} />}
      aria-label={t('common.search')}
      onChange={(e) => onSearch(e.currentTarget.value)}
      {...rest}
    />
  );
}
