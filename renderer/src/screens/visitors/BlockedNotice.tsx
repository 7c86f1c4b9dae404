import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconBan } from '../../components/icons.js';
import type { VisitView } from '../../contract.js';

/** A watchlist hit: the visitor is stopped, security has been alerted, and the desk issues no card. */
export function BlockedNotice({ visit }: { visit: Pick<VisitView, 'fullName'> }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="filled" radius="md" icon={<IconBan size={32} />} title={<Text fz={26} fw={800}>{t('visits.blocked.title')}</Text>} data-testid="visit-blocked">
      <Text fz="lg">{t('visits.blocked.text', { name: visit.fullName })}</Text>
    </Alert>
  );
}
