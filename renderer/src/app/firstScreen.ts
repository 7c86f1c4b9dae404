/**
 * What the first screen needs, started at once by the entry (main.tsx) — the app itself, the screen's chunk and its
 * catalogs — so that they load side by side instead of one after the other. No static imports: this module is part
 * of the entry, which stays a few hundred bytes. App.tsx's lazy screens use the same loaders.
 */
import type { Locale } from '../contract.js';
import { STATION_TOKEN_KEY } from '../api/stationToken.js';
import { catalogs, LOCALE_STORAGE_KEY } from '../i18n/catalogs.js';

/** A dynamic import that keeps its module once loaded (App.tsx then renders a preloaded screen without suspending). */
export interface ScreenLoader<M> {
  (): Promise<M>;
  module?: M;
}

export function screenLoader<M>(load: () => Promise<M>): ScreenLoader<M> {
  const run: ScreenLoader<M> = () => {
    const loading = load();
    void loading.then((module) => (run.module = module));
    return loading;
  };
  return run;
}

export const loadLayout = screenLoader(() => import('./Layout.js'));
export const loadKiosk = screenLoader(() => import('../screens/KioskScreen.js'));
export const loadVisitors = screenLoader(() => import('../screens/visitors/VisitorsRoutes.js'));
export const loadPairStation = screenLoader(() => import('../screens/PairStation.js'));

/** The language the first screen shows until the session says otherwise (as i18n/index.ts's storedLocale). */
function firstLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY);
    return stored === 'zh' || stored === 'en' ? stored : 'vi';
  } catch {
    return 'vi';
  }
}

/** Whether this browser is a paired station (as api/stationToken.ts reads it). */
function hasStationToken(): boolean {
  try {
    return Boolean(localStorage.getItem(STATION_TOKEN_KEY));
  } catch {
    return false;
  }
}

/** Starts fetching the chunks of the screen at `pathname` and the catalogs it shows (the kiosk's welcome: all three). */
export function preloadFirstScreen(pathname: string): void {
  if (pathname === '/kiosk') {
    void loadKiosk();
    if (!hasStationToken()) void loadPairStation();
    for (const load of Object.values(catalogs)) void load();
    return;
  }
  void loadLayout();
  if (pathname.startsWith('/visitors')) void loadVisitors();
  void catalogs[firstLocale()]();
}
