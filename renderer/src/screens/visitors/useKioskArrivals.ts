/**
 * A visitor who signed in at the lobby kiosk: the desk hears of it at once — who, for whom, and whether they wait for
 * the desk to contact their host — not only as a new row on the board. Names and the host's label only (never
 * contact data: the event carries the staff view without it). A visitor who waits is the desk's to act on: that
 * notice stays until the host is contacted or the visit stops waiting (here or at another desk), or the board closes
 * (the waiting list shows them; a notice this board can no longer update would go stale).
 */
import { notifications } from '@mantine/notifications';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';

const noticeId = (visitId: number) => `kiosk-arrival-${visitId}`;

export function useKioskArrivals(enabled: boolean): void {
  const { t } = useTranslation();
  const waiting = useRef(new Set<number>());
  useEffect(() => {
    const shown = waiting.current;
    return () => {
      for (const id of shown) notifications.hide(noticeId(id));
      shown.clear();
    };
  }, []);
  useGatewayEvent(['visit.changed'], (event) => {
    if (!enabled || event.type !== 'visit.changed') return;
    // By the event's source, not the visit's channel: an invited visitor who signs in at the kiosk keeps theirs.
    const { action, visit, source } = event.data;
    if (waiting.current.has(visit.id) && (visit.status !== 'waiting' || visit.hostContactedAt !== null)) {
      waiting.current.delete(visit.id);
      notifications.hide(noticeId(visit.id));
    }
    if (source !== 'kiosk' || (action !== 'checked_in' && action !== 'waiting')) return;
    const waits = action === 'waiting';
    if (waits) waiting.current.add(visit.id);
    const values = { name: visit.fullName, host: visit.host.label };
    notifications.show({
      id: noticeId(visit.id),
      color: waits ? 'yellow' : 'blue',
      autoClose: waits ? false : 15_000,
      withBorder: true,
      title: t('visits.board.kioskArrivalTitle'),
      message: waits ? t('visits.board.kioskArrivalWaiting', values) : t('visits.board.kioskArrival', values),
      'data-testid': 'kiosk-arrival-notification',
      'data-visit-id': String(visit.id),
      'data-action': action,
    });
  });
}
