/**
 * Watchlist alerts for security (visits.override), on every screen: a `visit.alert` event shows a notification
 * that stays until someone decides; "let in" overrides with a reason, "refuse" cancels the visit with a reason.
 * The provider sits in the app shell; the alerts screen reads the same live alerts and opens the same dialog
 * (while it is open, the list carries the alerts and the notifications step aside).
 */
import { notifications } from '@mantine/notifications';
import { createContext, Suspense, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { screenLoader } from '../../app/firstScreen.js';
import { lazyFrom } from '../../app/lazyScreen.js';
import { useCan } from '../../app/session.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import { notifySuccess } from '../../forms/errors.js';
import { AlertNotice } from './AlertNotice.js';
import type { ReasonRequest } from './ReasonDialog.js';

// Every staff screen has this provider: its dialog (a form in a modal) loads with the first alert.
const loadReasonDialog = screenLoader(() => import('./ReasonDialog.js'));
const ReasonDialog = lazyFrom(loadReasonDialog, 'ReasonDialog');

export const ALERTS_PATH = '/visits/alerts';

/** A watchlist stop as the live event reported it: who, why, for whom and where. */
export interface LiveAlert {
  visitId: number;
  fullName: string;
  hostLabel: string;
  reason: string;
  stationName: string | null;
  at: string;
}

/** The visitor a decision is about. */
export interface StoppedVisitor {
  id: number;
  fullName: string;
}

interface VisitAlertsValue {
  /** Alerts received while this tab was open, by visit id, until decided. */
  live: Readonly<Record<number, LiveAlert>>;
  letIn(visitor: StoppedVisitor): void;
  refuse(visitor: StoppedVisitor): void;
}

const VisitAlertsContext = createContext<VisitAlertsValue | null>(null);

const noticeId = (visitId: number) => `visit-alert-${visitId}`;

function without(live: Record<number, LiveAlert>, visitId: number): Record<number, LiveAlert> {
  if (!(visitId in live)) return live;
  const rest = { ...live };
  delete rest[visitId];
  return rest;
}

export function VisitAlertsProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const enabled = can('visits.override');
  const [live, setLive] = useState<Record<number, LiveAlert>>({});
  const [request, setRequest] = useState<ReasonRequest | null>(null);
  const [dialogLoaded, setDialogLoaded] = useState(false);
  if (request !== null && !dialogLoaded) setDialogLoaded(true);
  useEffect(() => {
    if (Object.keys(live).length > 0) void loadReasonDialog();
  }, [live]);

  const settle = useCallback((visitId: number) => setLive((l) => without(l, visitId)), []);

  const letIn = useCallback(
    ({ id, fullName }: StoppedVisitor) =>
      setRequest({
        title: t('visitAdmin.alerts.overrideTitle', { name: fullName }),
        hint: t('visitAdmin.alerts.overrideHint'),
        confirmLabel: t('visitAdmin.alerts.letIn'),
        color: 'orange',
        run: async (reason) => {
          await api('overrideVisit', { params: { id }, body: { reason } });
          settle(id);
          notifySuccess(t('visitAdmin.alerts.letInDone', { name: fullName }));
        },
      }),
    [t, settle],
  );
  const refuse = useCallback(
    ({ id, fullName }: StoppedVisitor) =>
      setRequest({
        title: t('visitAdmin.alerts.refuseTitle', { name: fullName }),
        hint: t('visitAdmin.alerts.refuseHint'),
        confirmLabel: t('visitAdmin.alerts.refuse'),
        color: 'red',
        run: async (reason) => {
          await api('cancelVisit', { params: { id }, body: { reason } });
          settle(id);
          notifySuccess(t('visitAdmin.alerts.refused', { name: fullName }));
        },
      }),
    [t, settle],
  );

  useGatewayEvent(['visit.alert', 'visit.changed'], (event) => {
    if (!enabled) return;
    if (event.type === 'visit.alert') {
      const { visit, reason, stationName } = event.data;
      setLive((l) => ({ ...l, [visit.id]: { visitId: visit.id, fullName: visit.fullName, hostLabel: visit.host.label, reason, stationName, at: event.at } }));
    } else if (event.type === 'visit.changed' && event.data.visit.status !== 'blocked') {
      // Decided here, at another security station, or cancelled at the desk.
      settle(event.data.visit.id);
    }
  });

  // The notifications follow the live alerts: one per undecided alert, none while the alerts screen is open.
  // Their buttons call through a ref, so a notification shown earlier uses today's language and session.
  const actions = useRef({ letIn, refuse, navigate });
  useEffect(() => {
    actions.current = { letIn, refuse, navigate };
  });
  const shown = useRef(new Set<number>());
  const onAlertsScreen = pathname === ALERTS_PATH;
  useEffect(() => {
    const wanted = onAlertsScreen ? [] : Object.values(live);
    const wantedIds = new Set(wanted.map((a) => a.visitId));
    for (const id of shown.current) {
      if (!wantedIds.has(id)) {
        notifications.hide(noticeId(id));
        shown.current.delete(id);
      }
    }
    for (const alert of wanted) {
      if (shown.current.has(alert.visitId)) continue;
      shown.current.add(alert.visitId);
      const visitor = { id: alert.visitId, fullName: alert.fullName };
      notifications.show({
        id: noticeId(alert.visitId),
        color: 'red',
        autoClose: false,
        allowClose: false,
        priority: 10,
        withBorder: true,
        'data-testid': 'visit-alert-notification',
        'data-visit-id': String(alert.visitId),
        message: (
          <AlertNotice
            alert={alert}
            onLetIn={() => actions.current.letIn(visitor)}
            onRefuse={() => actions.current.refuse(visitor)}
            onDetails={() => void actions.current.navigate(ALERTS_PATH)}
          />
        ),
      });
    }
  }, [live, onAlertsScreen]);

  // Signing out or losing the permission takes the notifications away.
  useEffect(() => {
    const ids = shown.current;
    return () => {
      for (const id of ids) notifications.hide(noticeId(id));
      ids.clear();
    };
  }, []);

  const value = useMemo(() => ({ live: enabled ? live : {}, letIn, refuse }), [enabled, live, letIn, refuse]);
  return (
    <VisitAlertsContext.Provider value={value}>
      {children}
      {dialogLoaded ? (
        <Suspense fallback={null}>
          <ReasonDialog request={request} onClose={() => setRequest(null)} />
        </Suspense>
      ) : null}
    </VisitAlertsContext.Provider>
  );
}

export function useVisitAlerts(): VisitAlertsValue {
  const value = useContext(VisitAlertsContext);
  if (!value) throw new Error('useVisitAlerts outside VisitAlertsProvider');
  return value;
}
