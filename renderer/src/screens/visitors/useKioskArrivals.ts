/**
 * A visitor who signed in at the lobby kiosk: the desk hears of it at once — who, for whom, and whether they wait for
 * the desk to contact their host — not only as a new row on the board. Names and the host's label only (never
 * contact data: the event carries the staff view without it).
 */
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';

export function useKioskArrivals(enabled: boolean): void {
  const { t } = useTranslation();
  useGatewayEvent(['visit.changed'], (event) => {
    if (!enabled || event.type !== 'visit.changed') return;
    const { action, visit } = event.data;
    if (visit.channel !== 'kiosk' || (action !== 'checked_in' && action !== 'waiting')) return;
    const values = { name: visit.fullName, host: visit.host.label };
    notifications.show({
      id: `kiosk-arrival-${visit.id}`,
      color: action === 'waiting' ? 'yellow' : 'blue',
      autoClose: 15_000,
      withBorder: true,
      title: t('visits.board.kioskArrivalTitle'),
      message: action === 'waiting' ? t('visits.board.kioskArrivalWaiting', values) : t('visits.board.kioskArrival', values),
      'data-testid': 'kiosk-arrival-notification',
      'data-visit-id': visit.id,
      'data-action': action,
    });
  });
}
