/**
 * Check-out by card tap on the desk board: a visitor card held on the desk reader checks its visit out (the card is
 * deactivated at once). Only while the board is open; the visit panel's "tap a card" takes the reader for itself.
 * The board already knows which on-site visitor holds which card, so the receptionist sees who tapped the moment the
 * reader reports the card (`pending`), and the outcome when the gateway has checked the visit out. A tap made in the
 * first moments, before the board has its device list, is held and checked out as soon as the list shows it came
 * from the desk's reader.
 */
import { useEffect, useRef, useState } from 'react';
import type { VisitView } from '../../contract.js';
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

/** A tapped card, as the reader reported it, and the on-site visitor the board saw holding it. */
export interface CardCheckOutPending {
  uid: string;
  visit: VisitView;
}

/** A UID as the card contract stores it (upper-case hex, no separators). */
const normalUid = (uid: string) => uid.trim().toUpperCase().replace(/[\s:-]/g, '');

/** A tap that came before the board knew its reader is taken once the device list arrives, if it is this recent. */
export const EARLY_TAP_MS = 5000;

export function useCardCheckOut(desk: Pick<DeskDevices, 'reader' | 'loading'>, enabled: boolean, onSite: readonly VisitView[]) {
  const { t } = useTranslation();
  const errors = useVisitErrors();
  const [outcome, setOutcome] = useState<CheckOutOutcome | null>(null);
  const [failure, setFailure] = useState<CardCheckOutFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<CardCheckOutPending | null>(null);
  const running = useRef(false);
  /**
   * The last tap of each reader while the device list was still loading (the board cannot yet tell its reader's taps
   * from a door reader's).
   */
  const early = useRef(new Map<string, { uid: string; at: number }>());

  const checkOut = (uid: string) => {
    running.current = true;
    setBusy(true);
    const holder = onSite.find((visit) => visit.card !== null && normalUid(visit.card.uid) === normalUid(uid));
    setPending(holder ? { uid, visit: holder } : null);
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
        setPending(null);
      });
  };

  useGatewayEvent(['card.presented'], (event) => {
    if (!enabled || event.type !== 'card.presented' || running.current) return;
    if (!desk.reader) {
      if (desk.loading) early.current.set(event.data.deviceId, { uid: event.data.uid, at: Date.now() });
      return;
    }
    if (event.data.deviceId !== desk.reader.id) return;
    early.current.clear();
    checkOut(event.data.uid);
  });

  // The device list arrived: a tap on this desk's reader made meanwhile is checked out now rather than lost.
  const readerId = desk.reader?.id;
  useEffect(() => {
    if (readerId === undefined) return;
    const tap = early.current.get(readerId);
    early.current.clear();
    if (tap !== undefined && enabled && !running.current && Date.now() - tap.at <= EARLY_TAP_MS) checkOut(tap.uid);
    // Only the reader becoming known matters here; checkOut reads the latest state through its closure.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [readerId]);

  return { outcome, setOutcome, failure, clearFailure: () => setFailure(null), busy, pending };
}
