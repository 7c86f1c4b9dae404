/**
 * The Electron preload bridge as the renderer sees it: `window.frontgate` (absent in a plain browser).
 * Type-only: the sandboxed preload cannot load other modules at run time, so channel names are literals checked
 * against `KioskIpc` on both sides.
 */

export interface KioskPrintOptions {
  /** Print without the system dialog (receipts, visitor badges at a kiosk). */
  silent: boolean;
  /** The printer's OS name from `listPrinters()`; the system default when absent. */
  deviceName?: string;
}

export type KioskPrintError = 'unknown-printer' | 'cancelled' | 'failed';
export type KioskPrintResult = { ok: true } | { error: KioskPrintError };

export interface KioskPrinter {
  /** The OS name, to pass back as `deviceName`. */
  name: string;
  /** Name shown in the OS print dialog. */
  displayName: string;
  isDefault: boolean;
}

export type KioskExitError = 'wrong-pin' | 'locked' | 'disabled';
/** `locked`: too many wrong PINs; try again after `retryAfterSeconds`. `disabled`: no exit PIN is configured. */
export type KioskExitResult = { ok: true } | { error: KioskExitError; retryAfterSeconds?: number };

export interface KioskBridge {
  /** The shell's version (the app version of the installed package). */
  readonly version: string;
  print(options: KioskPrintOptions): Promise<KioskPrintResult>;
  listPrinters(): Promise<KioskPrinter[]>;
  readonly kiosk: {
    /** Leave the kiosk (the shell quits) when the PIN matches the configured hash. */
    exit(pin: string): Promise<KioskExitResult>;
  };
}

/** IPC channel → argument tuple and result. Main's handlers and the preload's invokes are typed from this map. */
export interface KioskIpc {
  'frontgate:print': { args: [options: KioskPrintOptions]; result: KioskPrintResult };
  'frontgate:list-printers': { args: []; result: KioskPrinter[] };
  'frontgate:kiosk-exit': { args: [pin: string]; result: KioskExitResult };
}
export type KioskIpcChannel = keyof KioskIpc;

declare global {
  interface Window {
    /** Present only inside the FrontGate Electron shell. */
    frontgate?: KioskBridge;
  }
}
