/**
 * The lobby self-service kiosk on a paired station (station token, no staff login): language → scan or type →
 * host → purpose → building rules with a signature → photo → QR badge; and self sign-out with the badge's QR code,
 * the visitor card or the typed reference. Only this station's own scanner, ID reader and card reader are listened
 * to. Walking away wipes everything entered (useIdleWipe).
 */
import { Center, Loader } from '@mantine/core';
import { Suspense, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client.js';
import { screenLoader } from '../../app/firstScreen.js';
import { lazyFrom } from '../../app/lazyScreen.js';
import { useSite } from '../../app/session.js';
import type { Locale, StationView } from '../../contract.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import { asLocale } from '../../i18n/index.js';
import { checkInError, signOutError } from './errors.js';
import { LanguageStep } from './LanguageStep.js';
import type { RulesState } from './RulesStep.js';
import { INITIAL_STATE, selfServiceReducer, toKioskCheckIn, visitRefOfCode } from './state.js';
import { DONE_SECONDS, idleOverride, useIdleWipe } from './useIdleWipe.js';

/** The steps after the welcome screen: one chunk (steps.ts), fetched at the first touch. */
const loadSteps = screenLoader(() => import('./steps.js'));
const IdentityStep = lazyFrom(loadSteps, 'IdentityStep');
const HostStep = lazyFrom(loadSteps, 'HostStep');
const PurposeStep = lazyFrom(loadSteps, 'PurposeStep');
const RulesStep = lazyFrom(loadSteps, 'RulesStep');
const PhotoStep = lazyFrom(loadSteps, 'PhotoStep');
const DoneStep = lazyFrom(loadSteps, 'DoneStep');
const SignOutStep = lazyFrom(loadSteps, 'SignOutStep');
const GoodbyeStep = lazyFrom(loadSteps, 'GoodbyeStep');
const IdleOverlay = lazyFrom(loadSteps, 'IdleOverlay');

/** Until the gateway says otherwise (GET /api/kiosk/info). */
const DEFAULT_IDLE_SECONDS = 90;

export function SelfServiceKiosk({ station }: { station: StationView }) {
  const { i18n } = useTranslation();
  const site = useSite();
  const locale = asLocale(i18n.language);
  /** The kiosk's own language, restored for the next visitor. */
  const [homeLocale] = useState<Locale>(() => locale);
  const [state, dispatch] = useReducer(selfServiceReducer, INITIAL_STATE);
  const [rules, setRules] = useState<RulesState>({ state: 'loading' });
  const [gatewayIdleSeconds, setGatewayIdleSeconds] = useState<number | null>(null);
  const [infoAttempt, setInfoAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  /** Bumped by every wipe: an answer that arrives afterwards belongs to a visitor who is gone. */
  const visitorRef = useRef(0);
  const overrideSeconds = useMemo(() => idleOverride(window.location.search, window.localStorage), []);

  useEffect(() => {
    const controller = new AbortController();
    setRules({ state: 'loading' });
    api('kioskInfo', { query: { locale }, signal: controller.signal }).then(
      (info) => {
        setGatewayIdleSeconds(info.idleSeconds);
        setRules({ state: 'ready', text: info.rules });
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setRules({ state: 'failed', error: checkInError(err).error });
      },
    );
    return () => controller.abort();
  }, [locale, infoAttempt]);

  // An invitation QR: the expected visitor's name, host and purpose fill in (the visitor can still change them).
  const invitationRef = state.draft.expectedRef;
  useEffect(() => {
    if (invitationRef === null) return;
    const controller = new AbortController();
    api('kioskExpected', { params: { ref: invitationRef }, signal: controller.signal }).then(
      (invitation) =>
        dispatch({ type: 'update', patch: { fullName: invitation.fullName, host: invitation.host, hostQuery: invitation.host.label, purpose: invitation.purpose } }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        dispatch({ type: 'error', error: isApiError(err) && err.code === 'not_found' ? { key: 'expectedRef', field: 'expectedRef' } : checkInError(err).error });
      },
    );
    return () => controller.abort();
  }, [invitationRef]);

  const setBusyBoth = (value: boolean) => {
    busyRef.current = value;
    setBusy(value);
  };

  const wipe = useCallback(() => {
    visitorRef.current += 1;
    busyRef.current = false;
    setBusy(false);
    dispatch({ type: 'wipe' });
    if (asLocale(i18n.language) !== homeLocale) void i18n.changeLanguage(homeLocale);
  }, [i18n, homeLocale]);

  const idleSeconds = overrideSeconds ?? gatewayIdleSeconds ?? DEFAULT_IDLE_SECONDS;
  const finished = state.step === 'done' || state.step === 'goodbye';
  const idle = useIdleWipe({ enabled: state.step !== 'language', idleSeconds: finished ? Math.min(idleSeconds, DONE_SECONDS) : idleSeconds, onExpire: wipe });

  const chooseLanguage = (next: Locale) => {
    if (next !== locale) void i18n.changeLanguage(next);
  };

  const checkIn = async () => {
    if (busyRef.current) return;
    if (state.draft.host === null) return dispatch({ type: 'error', error: { key: 'hostRequired' }, step: 'host' });
    if (state.draft.signature === null) return dispatch({ type: 'error', error: { key: 'signature', field: 'signature' }, step: 'rules' });
    const visitor = visitorRef.current;
    setBusyBoth(true);
    try {
      const receipt = await api('kioskCheckIn', { body: toKioskCheckIn(state.draft, locale) });
      if (visitor === visitorRef.current) dispatch({ type: 'checkedIn', receipt });
    } catch (err) {
      if (visitor !== visitorRef.current) return;
      const { error, step } = checkInError(err);
      dispatch(step ? { type: 'error', error, step } : { type: 'error', error });
    } finally {
      if (visitor === visitorRef.current) setBusyBoth(false);
    }
  };

  const signOut = async (body: { ref: string } | { uid: string }) => {
    if (busyRef.current) return;
    const visitor = visitorRef.current;
    setBusyBoth(true);
    dispatch({ type: 'go', step: 'signOut' });
    try {
      const result = await api('kioskCheckOut', { body });
      if (visitor === visitorRef.current) dispatch({ type: 'signedOut', result });
    } catch (err) {
      if (visitor !== visitorRef.current) return;
      const problem = signOutError(err);
      if (problem === 'invitation' && 'ref' in body) dispatch({ type: 'offerInvitation', ref: body.ref });
      else dispatch({ type: 'error', error: problem === 'invitation' ? { key: 'notFound' } : problem });
    } finally {
      if (visitor === visitorRef.current) setBusyBoth(false);
    }
  };

  // Only this kiosk's own devices: its scanner / ID reader fill the form, its card reader signs a visitor out.
  useGatewayEvent(['id.scanned', 'code.scanned', 'card.presented'], (event) => {
    if (event.type !== 'id.scanned' && event.type !== 'code.scanned' && event.type !== 'card.presented') return;
    if (event.data.stationId !== station.id) return;
    idle.poke();
    const step = state.step;
    if (event.type === 'id.scanned') {
      if (step !== 'identity') return;
      if (event.data.document) dispatch({ type: 'scanned', document: event.data.document });
      else dispatch({ type: 'error', error: { key: 'scanFailed' } });
    } else if (event.type === 'code.scanned') {
      const ref = visitRefOfCode(event.data.text);
      if (step === 'identity') dispatch(ref ? { type: 'invitation', ref } : { type: 'error', error: { key: 'notAnId' } });
      else if (ref && (step === 'language' || step === 'signOut')) void signOut({ ref });
    } else if (event.data.role === 'desk_reader' && (step === 'language' || step === 'signOut')) {
      // The encoder also sees cards (blank ones being written): only the reader signs out.
      void signOut({ uid: event.data.uid });
    }
  });

  const go = (step: typeof state.step) => dispatch({ type: 'go', step });
  const update = (patch: Partial<typeof state.draft>) => dispatch({ type: 'update', patch });
  const common = { onStartOver: wipe, onLanguage: chooseLanguage };
  const { draft, error } = state;

  let screen;
  switch (state.step) {
    case 'language':
      screen = (
        <LanguageStep
          station={station}
          siteName={site.name}
          onStart={(next) => {
            chooseLanguage(next);
            go('identity');
          }}
          onSignOut={() => go('signOut')}
        />
      );
      break;
    case 'identity':
      screen = <IdentityStep draft={draft} error={error} onChange={update} onNext={() => go('host')} {...common} />;
      break;
    case 'host':
      screen = (
        <HostStep
          draft={draft}
          error={error}
          onChange={update}
          onPick={(host) => {
            update({ host });
            go('purpose');
          }}
          onNext={() => go('purpose')}
          onBack={() => go('identity')}
          {...common}
        />
      );
      break;
    case 'purpose':
      screen = (
        <PurposeStep
          purpose={draft.purpose}
          error={error}
          onPick={(purpose) => {
            update({ purpose });
            go('rules');
          }}
          onBack={() => go('host')}
          {...common}
        />
      );
      break;
    case 'rules':
      screen = (
        <RulesStep
          rules={rules}
          signature={draft.signature}
          error={error}
          onRetry={() => setInfoAttempt((n) => n + 1)}
          onSign={(signature) => update({ signature })}
          onAccept={() => go('photo')}
          onBack={() => go('purpose')}
          {...common}
        />
      );
      break;
    case 'photo':
      screen = <PhotoStep photo={draft.photo} submitting={busy} error={error} onPhoto={(photo) => update({ photo })} onSubmit={() => void checkIn()} onBack={() => go('rules')} {...common} />;
      break;
    case 'done':
      screen = state.receipt ? <DoneStep receipt={state.receipt} onFinish={wipe} onLanguage={chooseLanguage} /> : null;
      break;
    case 'signOut':
      screen = (
        <SignOutStep
          working={busy}
          error={error}
          invitation={state.invitation}
          onRef={(ref) => void signOut({ ref })}
          onUseInvitation={() => {
            update({ expectedRef: state.invitation });
            go('identity');
          }}
          {...common}
        />
      );
      break;
    case 'goodbye':
      screen = state.signOut ? <GoodbyeStep result={state.signOut} onFinish={wipe} onLanguage={chooseLanguage} /> : null;
      break;
  }

  return (
    <div style={{ display: 'contents' }} onPointerDown={() => void loadSteps()}>
      <Suspense
        fallback={
          <Center h="100vh">
            <Loader size="xl" />
          </Center>
        }
      >
        {screen}
        {idle.remaining !== null ? <IdleOverlay remaining={idle.remaining} onStay={idle.poke} /> : null}
      </Suspense>
    </div>
  );
}
