/**
 * Keeps the kiosk window alive: shows it on 'ready-to-show', recreates it when closed (unless the app is quitting),
 * reloads the gateway page when the renderer crashes, hangs or the page fails to load.
 */
import type { BrowserWindow, WebContents } from 'electron';
import type { Cancel, Clock, Logger } from './clock.js';

/** What the keeper uses of a BrowserWindow; tests pass a fake. */
export type KioskWindow = Pick<BrowserWindow, 'once' | 'on' | 'show' | 'focus' | 'isDestroyed' | 'isMinimized' | 'restore' | 'loadURL'> & {
  readonly webContents: Pick<WebContents, 'on' | 'forcefullyCrashRenderer'>;
};

export type KioskWindowKeeperOptions = {
  createWindow: () => KioskWindow;
  url: string;
  clock: Clock;
  logger: Logger;
  /** Recreate a closed window (kiosk); off: closing the window quits, as on a desk PC. */
  recreateOnClose: boolean;
  /** Called when the window closed and will not be recreated. */
  onClosedForGood: () => void;
  recreateDelayMs?: number;
  crashReloadDelayMs?: number;
  failedLoadRetryMs?: number;
  /** How long a hung renderer gets to recover before it is killed and reloaded. */
  unresponsiveGraceMs?: number;
};

/** Chromium's net error for a load that was replaced by another one; not a failure. */
const ERR_ABORTED = -3;

export class KioskWindowKeeper {
  private current: KioskWindow | null = null;
  private quitting = false;
  private cancelReload: Cancel | null = null;
  private cancelRecreate: Cancel | null = null;

  constructor(private readonly options: KioskWindowKeeperOptions) {}

  get window(): KioskWindow | null {
    return this.current;
  }

  /** After this, a closed window stays closed and no reload is scheduled. */
  markQuitting(): void {
    this.quitting = true;
    this.cancelReload?.();
    this.cancelRecreate?.();
  }

  /** Opens the window, or brings the existing one to the front. */
  open(): KioskWindow {
    if (this.current !== null && !this.current.isDestroyed()) {
      if (this.current.isMinimized()) this.current.restore();
      this.current.focus();
      return this.current;
    }
    const { logger } = this.options;
    const window = this.options.createWindow();
    this.current = window;
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => this.onClosed(window));

    let cancelUnresponsive: Cancel | null = null;
    window.on('unresponsive', () => {
      logger.warn('kiosk page unresponsive');
      cancelUnresponsive ??= this.options.clock.schedule(this.options.unresponsiveGraceMs ?? 10_000, () => {
        cancelUnresponsive = null;
        if (window.isDestroyed()) return;
        logger.error('kiosk page still unresponsive; restarting the renderer');
        window.webContents.forcefullyCrashRenderer();
        this.scheduleReload(window, 'unresponsive', this.options.crashReloadDelayMs ?? 1_000);
      });
    });
    window.on('responsive', () => {
      cancelUnresponsive?.();
      cancelUnresponsive = null;
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      logger.error('kiosk renderer gone', { reason: details.reason, exitCode: details.exitCode });
      this.scheduleReload(window, `renderer ${details.reason}`, this.options.crashReloadDelayMs ?? 1_000);
    });
    window.webContents.on('did-fail-load', (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
      if (!isMainFrame || errorCode === ERR_ABORTED) return;
      logger.warn('kiosk page failed to load', { errorCode, errorDescription, url: validatedURL });
      this.scheduleReload(window, 'load failed', this.options.failedLoadRetryMs ?? 3_000);
    });

    this.load(window);
    return window;
  }

  private load(window: KioskWindow): void {
    window.loadURL(this.options.url).catch(() => {
      // did-fail-load reports and retries; the rejected promise carries the same error.
    });
  }

  /** One pending reload at a time; a crash during a pending reload does not stack another. */
  private scheduleReload(window: KioskWindow, reason: string, delayMs: number): void {
    if (this.quitting || this.cancelReload !== null) return;
    this.options.logger.info('kiosk page reload scheduled', { reason, delayMs });
    this.cancelReload = this.options.clock.schedule(delayMs, () => {
      this.cancelReload = null;
      if (this.quitting || window.isDestroyed() || this.current !== window) return;
      this.load(window);
    });
  }

  private onClosed(window: KioskWindow): void {
    if (this.current === window) this.current = null;
    this.cancelReload?.();
    this.cancelReload = null;
    if (this.quitting || !this.options.recreateOnClose) {
      this.options.onClosedForGood();
      return;
    }
    this.options.logger.warn('kiosk window closed; recreating it');
    this.cancelRecreate = this.options.clock.schedule(this.options.recreateDelayMs ?? 500, () => {
      this.cancelRecreate = null;
      if (!this.quitting) this.open();
    });
  }
}
