import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { api, isApiError, isSessionLost } from '../api/client.js';
import type { Permission, SessionInfo, Site } from '../contract.js';
import { storedLocale } from '../i18n/index.js';

interface SiteState {
  site: Site;
  reloadSite(): Promise<void>;
}

interface SessionState {
  session: SessionInfo | null;
  /** Why the user is looking at the sign-in screen, if it is not the first visit. */
  signedOutReason: 'expired' | 'logout' | null;
  signedIn(session: SessionInfo): void;
  logout(): Promise<void>;
  /** Called when any request answers 401: drop the session and show the sign-in screen. */
  expire(): void;
}

const SiteContext = createContext<SiteState | null>(null);
const SessionContext = createContext<SessionState | null>(null);

export function useSite(): Site {
  const ctx = useContext(SiteContext);
  if (!ctx) throw new Error('useSite outside SessionProvider');
  return ctx.site;
}

export function useSiteState(): SiteState {
  const ctx = useContext(SiteContext);
  if (!ctx) throw new Error('useSiteState outside SessionProvider');
  return ctx;
}

export function useSession(): SessionState {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** `can('people.contact')`: whether the signed-in user holds a permission. */
export function useCan(): (permission: Permission) => boolean {
  const { session } = useSession();
  return useCallback((permission: Permission) => session?.permissions.includes(permission) ?? false, [session]);
}

type Boot = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; site: Site; session: SessionInfo | null };

/** Loads the site and the current session before anything else renders. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [signedOutReason, setSignedOutReason] = useState<'expired' | 'logout' | null>(null);

  // react-i18next hands out a new `i18n` wrapper on every language change: read it through a ref so that
  // switching language does not re-run the boot (which unmounted every screen and lost its state).
  const i18nRef = useRef(i18n);
  useEffect(() => {
    i18nRef.current = i18n;
  });

  const load = useCallback(async () => {
    setBoot({ state: 'loading' });
    try {
      // The site and the session are asked for together. A browser without a staff session — a kiosk, a site still
      // in set-up — gets a 401 for `me`: no session.
      const me = api('me').then(
        (session): SessionInfo | null => session,
        (err: unknown) => {
          if (isApiError(err) && err.status === 401) return null;
          throw err;
        },
      );
      me.catch(() => undefined);
      const site = await api('getSite');
      const i18n = i18nRef.current;
      if (!storedLocale() && i18n.language !== site.defaultLocale) await i18n.changeLanguage(site.defaultLocale);
      const session = site.needsSetup ? null : await me;
      setBoot({ state: 'ready', site, session });
    } catch {
      setBoot({ state: 'failed' });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const reloadSite = useCallback(async () => {
    const site = await api('getSite');
    setBoot((b) => (b.state === 'ready' ? { ...b, site } : b));
  }, []);

  const signedIn = useCallback((session: SessionInfo) => {
    setSignedOutReason(null);
    setBoot((b) => (b.state === 'ready' ? { ...b, site: { ...b.site, needsSetup: false }, session } : b));
  }, []);

  const expire = useCallback(() => {
    setBoot((b) => {
      if (b.state !== 'ready' || !b.session) return b;
      setSignedOutReason('expired');
      return { ...b, session: null };
    });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('logout');
    } catch (err) {
      if (!isSessionLost(err)) throw err;
    }
    setSignedOutReason('logout');
    setBoot((b) => (b.state === 'ready' ? { ...b, session: null } : b));
  }, []);

  const siteState = useMemo<SiteState | null>(
    () => (boot.state === 'ready' ? { site: boot.site, reloadSite } : null),
    [boot, reloadSite],
  );
  const sessionState = useMemo<SessionState | null>(
    () =>
      boot.state === 'ready' ? { session: boot.session, signedOutReason, signedIn, logout, expire } : null,
    [boot, signedOutReason, signedIn, logout, expire],
  );

  if (boot.state === 'loading') {
    return (
      <Center h="100vh">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (boot.state === 'failed' || !siteState || !sessionState) {
    return (
      <Center h="100vh">
        <Stack align="center">
          <Text data-testid="boot-failed">{t('app.loadFailed')}</Text>
          <Button onClick={() => void load()}>{t('app.retry')}</Button>
        </Stack>
      </Center>
    );
  }
  return (
    <SiteContext.Provider value={siteState}>
      <SessionContext.Provider value={sessionState}>{children}</SessionContext.Provider>
    </SiteContext.Provider>
  );
}
