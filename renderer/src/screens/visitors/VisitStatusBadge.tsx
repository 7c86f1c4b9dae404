import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { VisitView } from '../../contract.js';
import { statusColor } from './visitHelpers.js';

/** The visit's status as a coloured badge; a visitor checking out who still has a document at the desk says so. */
export function VisitStatusBadge({ visit, ...rest }: { visit: Pick<VisitView, 'status' | 'checkoutRequestedAt'> } & BadgeProps) {
  const { t } = useTranslation();
  const leaving = visit.checkoutRequestedAt !== null && (visit.status === 'checked_in' || visit.status === 'waiting');
  return (
    <Badge
      color={leaving ? 'orange' : statusColor[visit.status]}
      variant={visit.status === 'blocked' ? 'filled' : 'light'}
      miw="max-content"
      data-testid="visit-status"
      data-status={visit.status}
      {...rest}
    >
      {leaving ? t('visits.statuses.leaving') : t(`visits.statuses.${visit.status}`)}
    </Badge>
  );
}
