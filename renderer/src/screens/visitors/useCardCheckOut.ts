/**
 * Check-out by card tap on the desk board: a visitor card held on the desk reader checks its visit out (the card is
 * deactivated at once). Only while the board is open; the visit panel's "tap a card" takes the reader for itself.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import type { CheckOutOutcome } from './CheckOutNotice.js';
import type { DeskDevices } from './useDeskDevices.js';
import { useVisitErrors } from './useVisitErrors.js';

export interface CardCheckOutFailure {
  uid: string;
  message: string;
}

export function useCardCheckOut(desk: Pick<DeskDevices, 'reader'>, enabled: boolean) {
  const { t } = useTranslation();
  const errors = useVisitErrors();
  const [outcome, setOutcome] = useState<CheckOutOutcome | null>(null);
  const [failure, setFailure] = useState<CardCheckOutFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);

  useGatewayEvent(['card.presented'], (event) => {
    if (!enabled || event.type !== 'card.presented' || !desk.reader || event.data.deviceId !== desk.reader.id || running.current) return;
    const uid = event.data.uid;
    running.current = true;
    setBusy(true);
    api('checkOutByCard', { body: { uid } })
      .then(
        (result) => {
          setOutcome({ result, cardUid: uid });
          setFailure(null);
        },
        (err: unknown) => {
          const message = isApiError(err) && err.code === 'not_found' ? t('visits.checkOut.unknownCard', { uid }) : errors.message(err);
          if (message) setFailure({ uid, message });
        },
      )
      .finally(() => {
        running.current = false;
        setBusy(false);
      });
  });

  return { outcome, setOutcome, failure, clearFailure: () => setFailure(null), busy };
}
