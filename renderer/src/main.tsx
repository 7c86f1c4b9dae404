import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { preloadFirstScreen } from './app/firstScreen.js';

// A small entry: the app, the first screen's chunks and its catalogs all start loading now, side by side.
preloadFirstScreen(window.location.pathname);
await (await import('./app/start.js')).start();
