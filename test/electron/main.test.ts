/**
 * The main process wiring, with 'electron' replaced by fakes (the binary cannot run here): config → guards, CSP,
 * IPC, sandbox and the kiosk window, in that order, and a clear exit on a bad config.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flush } from './fakes.js';
import { testCertificate } from './certificates.js';

const fake = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const calls: string[] = [];
  const state = {
    calls,
    windows: [] as { options: Record<string, unknown>; loads: string[] }[],
    ipcChannels: [] as string[],
    errorBoxes: [] as string[],
    exits: [] as number[],
    permissionRequestHandler: null as unknown,
    headersListener: null as unknown,
    verifyProc: null as null | ((request: { hostname: string; certificate: { data: string } }, callback: (result: number) => void) => void),
  };
  class App extends Emitter {
    isPackaged = false;
    requestSingleInstanceLock = () => true;
    enableSandbox = () => calls.push('enableSandbox');
    whenReady = () => Promise.resolve();
    getAppPath = () => '/work/main';
    getPath = () => '/tmp/frontgate-user';
    getVersion = () => '0.1.0';
    exit = (code: number) => state.exits.push(code);
    quit = () => calls.push('quit');
  }
  class BrowserWindow extends Emitter {
    webContents = Object.assign(new Emitter(), { forcefullyCrashRenderer: () => undefined });
    private record: { options: Record<string, unknown>; loads: string[] };
    constructor(options: Record<string, unknown>) {
      super();
      calls.push('new BrowserWindow');
      this.record = { options, loads: [] };
      state.windows.push(this.record);
    }
    show() {}
    focus() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    loadURL(url: string) {
      this.record.loads.push(url);
      return Promise.resolve();
    }
  }
  const sessionEvents = new Emitter();
  const defaultSession = {
    setPermissionRequestHandler: (handler: unknown) => {
      calls.push('setPermissionRequestHandler');
      state.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler: () => calls.push('setPermissionCheckHandler'),
    setDevicePermissionHandler: () => calls.push('setDevicePermissionHandler'),
    setCertificateVerifyProc: (proc: typeof state.verifyProc) => {
      calls.push('setCertificateVerifyProc');
      state.verifyProc = proc;
    },
    on: sessionEvents.on.bind(sessionEvents),
    webRequest: {
      onHeadersReceived: (listener: unknown) => {
        calls.push('onHeadersReceived');
        state.headersListener = listener;
      },
    },
  };
  return {
    state,
    module: {
      app: new App(),
      BrowserWindow,
      Menu: { setApplicationMenu: () => calls.push('setApplicationMenu') },
      dialog: { showErrorBox: (_title: string, message: string) => state.errorBoxes.push(message) },
      ipcMain: { handle: (channel: string) => state.ipcChannels.push(channel) },
      session: { defaultSession },
    },
  };
});

vi.mock('electron', () => fake.module);

function reset(): void {
  fake.state.calls.length = 0;
  fake.state.windows.length = 0;
  fake.state.ipcChannels.length = 0;
  fake.state.errorBoxes.length = 0;
  fake.state.exits.length = 0;
  fake.state.verifyProc = null;
  fake.module.app.removeAllListeners();
}

describe('main process wiring', () => {
  beforeEach(() => {
    reset();
    vi.resetModules();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('installs the guards, the CSP and the IPC handlers before it opens the kiosk window', async () => {
    vi.stubEnv('FRONTGATE_KIOSK_URL', 'http://127.0.0.1:4820/');
    await import('../../electron/main.js');
    await flush();
    const { calls, windows, ipcChannels } = fake.state;
    expect(calls.indexOf('enableSandbox')).toBeGreaterThanOrEqual(0);
    const windowAt = calls.indexOf('new BrowserWindow');
    for (const step of ['enableSandbox', 'setPermissionRequestHandler', 'setPermissionCheckHandler', 'setDevicePermissionHandler', 'onHeadersReceived']) {
      expect(calls.indexOf(step), step).toBeLessThan(windowAt);
    }
    expect(ipcChannels.sort()).toEqual(['frontgate:kiosk-exit', 'frontgate:list-printers', 'frontgate:print']);
    expect(fake.module.app.listenerCount('web-contents-created')).toBe(1);
    expect(fake.module.app.listenerCount('certificate-error')).toBe(0);
    expect(windows).toHaveLength(1);
    const prefs = windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(String(prefs.preload)).toMatch(/electron[\\/]preload\.cjs$/);
    expect(windows[0]?.loads).toEqual(['http://127.0.0.1:4820/']);
    // Plain http on this PC: no pin, Chromium's certificate rules untouched.
    expect(calls).not.toContain('setCertificateVerifyProc');
  });

  it('pins the gateway certificate before the window opens when a fingerprint is configured', async () => {
    const { pem, fingerprint } = await testCertificate();
    vi.stubEnv('FRONTGATE_KIOSK_URL', 'https://frontgate.lan:4820/');
    vi.stubEnv('FRONTGATE_GATEWAY_FINGERPRINT', fingerprint.replace(/:/g, '').toLowerCase());
    await import('../../electron/main.js');
    await flush();
    const { calls, verifyProc } = fake.state;
    expect(calls.indexOf('setCertificateVerifyProc')).toBeGreaterThanOrEqual(0);
    expect(calls.indexOf('setCertificateVerifyProc')).toBeLessThan(calls.indexOf('new BrowserWindow'));
    const results: number[] = [];
    verifyProc?.({ hostname: 'frontgate.lan', certificate: { data: pem } }, (r) => results.push(r));
    verifyProc?.({ hostname: 'frontgate.lan', certificate: { data: (await testCertificate()).pem } }, (r) => results.push(r));
    verifyProc?.({ hostname: 'example.org', certificate: { data: pem } }, (r) => results.push(r));
    expect(results).toEqual([0, -2, -3]);
  });

  it('stops with a message naming the bad key and value, before any window', async () => {
    vi.stubEnv('FRONTGATE_KIOSK_URL', 'ftp://127.0.0.1/');
    await import('../../electron/main.js');
    await flush();
    expect(fake.state.errorBoxes).toHaveLength(1);
    expect(fake.state.errorBoxes[0]).toContain('url (FRONTGATE_KIOSK_URL) = "ftp://127.0.0.1/"');
    expect(fake.state.exits).toEqual([78]);
    expect(fake.state.windows).toEqual([]);
    expect(fake.state.ipcChannels).toEqual([]);
  });
});
