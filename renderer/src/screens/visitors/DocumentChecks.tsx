import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IdDocumentView } from '../../contract.js';
import { catalogKey } from '../devices/deviceHelpers.js';

type Check = IdDocumentView['checks'][number];

/** Which checks of a scanned ID document passed (✓) and which failed (✗), by their translated names. */
export function DocumentChecks({ checks }: { checks: readonly Check[] }) {
  const { t, i18n } = useTranslation();
  if (checks.length === 0) return null;
  const name = (n: string) => {
    const key = `devices.checkNames.${catalogKey(n)}`;
    return i18n.exists(key) ? t(key as 'devices.checkNames.gb11643') : n;
  };
  return (
    <Stack gap={2} data-testid="document-checks">
      {checks.map((c, i) => (
        <Group key={`${c.name}-${i}`} gap={6} wrap="nowrap" align="flex-start" data-testid="document-check" data-check={c.name} data-passed={String(c.passed)}>
          <Text fw={700} c={c.passed ? 'green.7' : 'red.7'} w={16} role="img" aria-label={c.passed ? t('devices.checkPassed') : t('devices.checkFailed')}>
            {c.passed ? '✓' : '✗'}
          </Text>
          <Text size="sm" c={c.passed ? undefined : 'red.8'} fw={c.passed ? undefined : 600}>
            {name(c.name)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
