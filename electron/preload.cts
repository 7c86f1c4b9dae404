/**
 * The sandboxed preload: CommonJS (sandboxed preloads cannot be ESM) and self-contained (the sandbox's `require`
 * loads only 'electron' and a few built-ins, so nothing of ours is imported at run time; types only).
 * Exposes exactly `window.frontgate`; never ipcRenderer itself, never a generic send/invoke.
 */
// Sandboxed preloads are CommonJS, and verbatimModuleSyntax allows only this form of import in a .cts file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');
import type { KioskBridge, KioskIpc, KioskIpcChannel, KioskPrintOptions } from '../gateway/contract/kiosk-bridge.js';

/** Same prefix as VERSION_ARGUMENT_PREFIX in window-options.ts (a test keeps them equal). */
const VERSION_ARGUMENT_PREFIX = '--frontgate-version=';

function invoke<C extends KioskIpcChannel>(channel: C, ...args: KioskIpc[C]['args']): Promise<KioskIpc[C]['result']> {
  return electron.ipcRenderer.invoke(channel, ...args) as Promise<KioskIpc[C]['result']>;
}

function readVersion(argv: readonly string[]): string {
  const arg = argv.find((value) => value.startsWith(VERSION_ARGUMENT_PREFIX));
  const version = arg?.slice(VERSION_ARGUMENT_PREFIX.length) ?? '';
  return /^[0-9A-Za-z.+-]{1,64}$/.test(version) ? version : 'unknown';
}

/** Copies only the known fields, so nothing else the page passes reaches the main process. */
function printOptionsOf(options: KioskPrintOptions): KioskPrintOptions {
  const copy: KioskPrintOptions = { silent: options?.silent };
  if (options?.deviceName !== undefined) copy.deviceName = options.deviceName;
  return copy;
}

const bridge = {
  version: readVersion(process.argv),
  print: (options: KioskPrintOptions) => invoke('frontgate:print', printOptionsOf(options)),
  listPrinters: () => invoke('frontgate:list-printers'),
  kiosk: {
    exit: (pin: string) => invoke('frontgate:kiosk-exit', pin),
  },
} satisfies KioskBridge;

electron.contextBridge.exposeInMainWorld('frontgate', bridge);
