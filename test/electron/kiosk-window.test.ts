import type { App } from 'electron';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { KioskWindowKeeper, type KioskWindow } from '../../electron/kiosk-window.js';
import { installShutdown } from '../../electron/shutdown.js';
import { ManualClock, MemoryLogger, fakeEvent } from './fakes.js';

const URL = 'http://127.0.0.1:4820/';

class FakeWindow extends EventEmitter {
  readonly webContents = Object.assign(new EventEmitter(), { crashes: 0, forcefullyCrashRenderer: () => (this.webContents.crashes += 1) });
  readonly loads: string[] = [];
  shown = 0;
  focused = 0;
  destroyed = false;
  minimized = false;
  show(): void {
    this.shown += 1;
  }
  focus(): void {
    this.focused += 1;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  loadURL(url: string): Promise<void> {
    this.loads.push(url);
    return Promise.resolve();
  }
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

function keeper(recreateOnClose = true) {
  const clock = new ManualClock();
  const logger = new MemoryLogger();
  const windows: FakeWindow[] = [];
  let closedForGood = 0;
  const k = new KioskWindowKeeper({
    url: URL,
    clock,
    logger,
    recreateOnClose,
    onClosedForGood: () => (closedForGood += 1),
    createWindow: () => {
      const window = new FakeWindow();
      windows.push(window);
      return window as unknown as KioskWindow;
    },
  });
  return { k, clock, logger, windows, closedForGood: () => closedForGood, last: () => windows[windows.length - 1] as FakeWindow };
}

describe('KioskWindowKeeper', () => {
  it('loads the gateway URL and shows the window only on ready-to-show', () => {
    const { k, last } = keeper();
    k.open();
    expect(last().loads).toEqual([URL]);
    expect(last().shown).toBe(0);
    last().emit('ready-to-show');
    expect(last().shown).toBe(1);
  });

  it('focuses the existing window instead of opening a second one', () => {
    const { k, windows, last } = keeper();
    k.open();
    last().minimized = true;
    k.open();
    expect(windows).toHaveLength(1);
    expect(last().minimized).toBe(false);
    expect(last().focused).toBe(1);
  });

  it('recreates a closed kiosk window', async () => {
    const { k, clock, windows, closedForGood } = keeper();
    k.open();
    windows[0]!.close();
    expect(k.window).toBeNull();
    await clock.advance(500);
    expect(windows).toHaveLength(2);
    expect(windows[1]!.loads).toEqual([URL]);
    expect(closedForGood()).toBe(0);
  });

  it('does not recreate the window while quitting', async () => {
    const { k, clock, windows, closedForGood } = keeper();
    k.open();
    k.markQuitting();
    windows[0]!.close();
    await clock.advance(10_000);
    expect(windows).toHaveLength(1);
    expect(closedForGood()).toBe(1);
  });

  it('cancels a pending recreation when the quit starts in between', async () => {
    const { k, clock, windows } = keeper();
    k.open();
    windows[0]!.close();
    k.markQuitting();
    await clock.advance(10_000);
    expect(windows).toHaveLength(1);
  });

  it('lets a desk window close for good (recreateOnClose off)', async () => {
    const { k, clock, windows, closedForGood } = keeper(false);
    k.open();
    windows[0]!.close();
    await clock.advance(10_000);
    expect(windows).toHaveLength(1);
    expect(closedForGood()).toBe(1);
  });

  it('reloads the page when the renderer process is gone', async () => {
    const { k, clock, last, logger } = keeper();
    k.open();
    last().webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 139 });
    expect(last().loads).toHaveLength(1);
    await clock.advance(1_000);
    expect(last().loads).toEqual([URL, URL]);
    expect(logger.messages('error')).toEqual(['kiosk renderer gone']);
  });

  it('does not stack reloads when crashes come in a burst', async () => {
    const { k, clock, last } = keeper();
    k.open();
    for (let i = 0; i < 5; i += 1) last().webContents.emit('render-process-gone', fakeEvent(), { reason: 'oom', exitCode: 0 });
    await clock.advance(1_000);
    expect(last().loads).toHaveLength(2);
  });

  it('restarts a renderer that stays unresponsive past the grace period', async () => {
    const { k, clock, last } = keeper();
    k.open();
    last().emit('unresponsive');
    await clock.advance(9_999);
    expect(last().webContents.crashes).toBe(0);
    await clock.advance(1);
    expect(last().webContents.crashes).toBe(1);
    await clock.advance(1_000);
    expect(last().loads).toEqual([URL, URL]);
  });

  it('leaves a renderer alone that becomes responsive again', async () => {
    const { k, clock, last } = keeper();
    k.open();
    last().emit('unresponsive');
    await clock.advance(5_000);
    last().emit('responsive');
    await clock.advance(60_000);
    expect(last().webContents.crashes).toBe(0);
    expect(last().loads).toHaveLength(1);
  });

  it('retries a main-frame load failure (gateway not up yet) but ignores aborted loads and subframes', async () => {
    const { k, clock, last } = keeper();
    k.open();
    last().webContents.emit('did-fail-load', fakeEvent(), -3, 'ERR_ABORTED', URL, true);
    last().webContents.emit('did-fail-load', fakeEvent(), -102, 'ERR_CONNECTION_REFUSED', URL, false);
    await clock.advance(10_000);
    expect(last().loads).toHaveLength(1);
    last().webContents.emit('did-fail-load', fakeEvent(), -102, 'ERR_CONNECTION_REFUSED', URL, true);
    await clock.advance(3_000);
    expect(last().loads).toHaveLength(2);
  });

  it('schedules no reload once quitting', async () => {
    const { k, clock, last } = keeper();
    k.open();
    k.markQuitting();
    last().webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 1 });
    await clock.advance(10_000);
    expect(last().loads).toHaveLength(1);
  });
});

describe('installShutdown', () => {
  function shutdown(withGateway: boolean, stopGateway: () => Promise<void> = async () => undefined) {
    const app = Object.assign(new EventEmitter(), { exits: [] as number[], quits: 0 });
    const appLike = { on: app.on.bind(app), exit: (code: number) => app.exits.push(code), quit: () => (app.quits += 1) };
    const clock = new ManualClock();
    const logger = new MemoryLogger();
    let marked = 0;
    installShutdown({
      app: appLike as unknown as App,
      clock,
      logger,
      graceMs: 15_000,
      markQuitting: () => (marked += 1),
      ...(withGateway ? { stopGateway } : {}),
    });
    return { app, clock, logger, marked: () => marked };
  }

  it('marks the keeper and forces the exit if the quit hangs', async () => {
    const { app, clock, marked, logger } = shutdown(false);
    app.emit('before-quit', fakeEvent());
    expect(marked()).toBe(1);
    await clock.advance(14_999);
    expect(app.exits).toEqual([]);
    await clock.advance(1);
    expect(app.exits).toEqual([0]);
    expect(logger.messages('error')).toEqual(['quit took too long; forcing exit']);
  });

  it('cancels the forced exit when the app quits normally', async () => {
    const { app, clock } = shutdown(false);
    app.emit('before-quit', fakeEvent());
    const willQuit = fakeEvent();
    app.emit('will-quit', willQuit);
    expect(willQuit.defaultPrevented).toBe(false);
    await clock.advance(60_000);
    expect(app.exits).toEqual([]);
  });

  it('does not quit when all windows are closed outside a quit (the keeper recreates them)', () => {
    const { app } = shutdown(false);
    app.emit('window-all-closed');
    expect(app.quits).toBe(0);
    expect(app.exits).toEqual([]);
  });

  it('holds the quit until the gateway child has stopped', async () => {
    let release: () => void = () => undefined;
    const { app, clock } = shutdown(true, () => new Promise<void>((resolve) => (release = resolve)));
    app.emit('before-quit', fakeEvent());
    const willQuit = fakeEvent();
    app.emit('will-quit', willQuit);
    expect(willQuit.defaultPrevented).toBe(true);
    await clock.advance(1_000);
    expect(app.exits).toEqual([]);
    release();
    await clock.advance(0);
    expect(app.exits).toEqual([0]);
    await clock.advance(60_000);
    expect(app.exits).toEqual([0]);
  });

  it('forces the exit when stopping the gateway takes too long', async () => {
    const { app, clock } = shutdown(true, () => new Promise<void>(() => undefined));
    app.emit('before-quit', fakeEvent());
    app.emit('will-quit', fakeEvent());
    await clock.advance(15_000);
    expect(app.exits).toEqual([0]);
  });
});
