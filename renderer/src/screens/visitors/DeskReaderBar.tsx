import { Group, Loader, NativeSelect, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconCardReader } from '../../components/icons.js';
import type { DeskDevices } from './useDeskDevices.js';

/**
 * Which reader checks visitors out by card tap (a choice kept in this browser when there are several). A native
 * select: the desk board loads without Mantine's combobox.
 */
export function DeskReaderBar({ desk, busy }: { desk: DeskDevices; busy: boolean }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" mb="md" data-testid="desk-reader-bar" data-reader-id={desk.reader?.id ?? ''}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap">
          {busy ? <Loader size="sm" /> : <IconCardReader size={24} />}
          <Text fz="lg">{desk.reader ? t('visits.board.tapToCheckOut') : t('visits.card.noReader')}</Text>
        </Group>
        {desk.readers.length > 0 ? (
          <NativeSelect
            w={280}
            aria-label={t('visits.board.deskReader')}
            data={desk.readers.map((r) => ({ value: r.id, label: r.name }))}
            value={desk.reader?.id ?? ''}
            onChange={(event) => desk.chooseReader(event.currentTarget.value)}
            data-testid="desk-reader-select"
          />
        ) : null}
      </Group>
    </Paper>
  );
}
