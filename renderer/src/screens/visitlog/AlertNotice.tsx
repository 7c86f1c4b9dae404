import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LiveAlert } from './VisitAlerts.js';

interface Props {
  alert: LiveAlert;
  onLetIn(): void;
  onRefuse(): void;
  onDetails(): void;
}

/**
 * The body of a watchlist notification. It is rendered by Mantine's notification container, outside the router and
 * the session, so it only takes callbacks; every text is React text, never markup.
 */
export function AlertNotice({ alert, onLetIn, onRefuse, onDetails }: Props) {
  const { t } = useTranslation();
  return (
    <Stack gap={6} data-testid="visit-alert" data-visit-id={alert.visitId}>
      <Text fw={700} c="red.8" data-testid="visit-alert-title">
        {t('visitAdmin.alerts.notificationTitle', { name: alert.fullName })}
      </Text>
      <Text size="sm">
        {t('visitAdmin.alerts.reason')}:{' '}
        <Text span fw={600} data-testid="visit-alert-reason">
          {alert.reason}
        </Text>
      </Text>
      <Text size="sm">
        {t('visitAdmin.alerts.host')}: <Text span data-testid="visit-alert-host">{alert.hostLabel}</Text>
      </Text>
      <Text size="sm">
        {t('visitAdmin.alerts.station')}:{' '}
        <Text span data-testid="visit-alert-station">
          {alert.stationName ?? t('visitAdmin.alerts.noStation')}
        </Text>
      </Text>
      <Group gap="xs" mt={4}>
        <Button size="sm" color="orange" onClick={onLetIn} data-testid="visit-alert-let-in">
          {t('visitAdmin.alerts.letIn')}
        </Button>
        <Button size="sm" color="red" variant="light" onClick={onRefuse} data-testid="visit-alert-refuse">
          {t('visitAdmin.alerts.refuse')}
        </Button>
        <Button size="sm" variant="subtle" onClick={onDetails} data-testid="visit-alert-details">
          {t('visitAdmin.alerts.details')}
        </Button>
      </Group>
    </Stack>
  );
}
