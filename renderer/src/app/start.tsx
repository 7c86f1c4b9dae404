import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { checkStationEarly } from '../api/stationCheck.js';
import { createI18n, locales, storedLocale } from '../i18n/index.js';
import { App } from './App.js';

/** Renders the app into #root, once the first screen's catalogs are in (main.tsx loads this module). */
export async function start(): Promise<void> {
  // The kiosk's welcome screen speaks all three languages; staff screens need only their own.
  const kiosk = window.location.pathname === '/kiosk';
  if (kiosk) checkStationEarly();
  const i18n = await createI18n(storedLocale() ?? 'vi', kiosk ? locales : []);
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <App i18n={i18n} />
    </StrictMode>,
  );
}
