/**
 * The kiosk window's options. Security settings are fixed here and cannot be changed by configuration: the input
 * carries only what may vary (preload path, kiosk on/off, version), and nothing of it is spread into the result.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export type KioskWindowInput = {
  /** Absolute path of the compiled preload (dist/electron/preload.cjs). */
  preloadPath: string;
  /** Full-screen kiosk without window chrome; off for a desk PC or a technician. */
  kiosk: boolean;
  /** The app version, handed to the sandboxed preload as `--frontgate-version=…`. */
  version: string;
};

/** Argument prefix the preload reads from `process.argv` (the sandbox gives it no other way to learn the version). */
export const VERSION_ARGUMENT_PREFIX = '--frontgate-version=';

export function kioskWindowOptions(input: KioskWindowInput): BrowserWindowConstructorOptions {
  const kiosk = input.kiosk === true;
  return {
    show: false, // shown on 'ready-to-show', no white flash
    width: 1366,
    height: 768,
    backgroundColor: '#ffffff',
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    title: 'FrontGate',
    webPreferences: {
      preload: String(input.preloadPath),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !kiosk,
      additionalArguments: [`${VERSION_ARGUMENT_PREFIX}${String(input.version)}`],
    },
  };
}
