import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { VisitStatus } from '../../contract.js';
import { statusColors } from './visitText.js';

export function VisitStatusBadge({ status }: { status: VisitStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status]} variant={status === 'blocked' ? 'filled' : 'light'} miw="max-content" data-testid="visit-status">
      {t(`visitAdmin.statuses.${status}`)}
    </Badge>
  );
}
