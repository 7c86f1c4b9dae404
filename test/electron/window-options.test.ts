import { describe, expect, it } from 'vitest';
import { VERSION_ARGUMENT_PREFIX, kioskWindowOptions, type KioskWindowInput } from '../../electron/window-options.js';

const input: KioskWindowInput = { preloadPath: '/opt/FrontGate/resources/app.asar/dist/electron/preload.cjs', kiosk: true, version: '0.1.0' };

describe('kioskWindowOptions', () => {
  it('isolates and sandboxes the renderer (Electron security checklist)', () => {
    const prefs = kioskWindowOptions(input).webPreferences;
    expect(prefs).toMatchObject({
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
    });
    expect(prefs?.enableBlinkFeatures).toBeUndefined();
    expect(prefs?.preload).toBe(input.preloadPath);
  });

  it('shows the window only when ready and sets kiosk/full screen from the input', () => {
    const kiosk = kioskWindowOptions(input);
    expect(kiosk).toMatchObject({ show: false, kiosk: true, fullscreen: true });
    expect(kiosk.webPreferences?.devTools).toBe(false);
    const desk = kioskWindowOptions({ ...input, kiosk: false });
    expect(desk).toMatchObject({ show: false, kiosk: false, fullscreen: false });
    expect(desk.webPreferences?.devTools).toBe(true);
    expect(desk.webPreferences?.sandbox).toBe(true);
  });

  it('passes the version to the preload as an argument', () => {
    expect(kioskWindowOptions(input).webPreferences?.additionalArguments).toEqual([`${VERSION_ARGUMENT_PREFIX}0.1.0`]);
  });

  it('cannot be overridden by configuration smuggled into the input', () => {
    const hostile = {
      ...input,
      kiosk: 'yes',
      contextIsolation: false,
      sandbox: false,
      nodeIntegration: true,
      webPreferences: { contextIsolation: false, sandbox: false, nodeIntegration: true, webSecurity: false, webviewTag: true },
    } as unknown as KioskWindowInput;
    const options = kioskWindowOptions(hostile);
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(options).not.toHaveProperty('contextIsolation');
    expect(options).not.toHaveProperty('nodeIntegration');
    // A truthy non-boolean does not switch kiosk on.
    expect(options.kiosk).toBe(false);
  });

  it('returns a fresh object each time (callers cannot poison later windows)', () => {
    const first = kioskWindowOptions(input);
    if (first.webPreferences) first.webPreferences.sandbox = false;
    expect(kioskWindowOptions(input).webPreferences?.sandbox).toBe(true);
  });
});
