/**
 * Prints the current page: inside the FrontGate shell silently through its print bridge, to the printer chosen on
 * this station (remembered in this browser's storage, since printers belong to the PC) or the PC's default; in a
 * plain browser with the browser's print dialog.
 */
type BridgePrintResult = Awaited<ReturnType<NonNullable<Window['frontgate']>['print']>>;
export type PrintFailure = Extract<BridgePrintResult, { error: unknown }>['error'];

export const PRINTER_STORAGE_KEY = 'frontgate.printer';

export function storedPrinter(storage?: Pick<Storage, 'getItem'>): string | null {
  try {
    const name = (storage ?? localStorage).getItem(PRINTER_STORAGE_KEY);
    return name && name.length > 0 ? name : null;
  } catch {
    return null;
  }
}

export function storePrinter(name: string | null, storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage): void {
  if (name === null) storage.removeItem(PRINTER_STORAGE_KEY);
  else storage.setItem(PRINTER_STORAGE_KEY, name);
}

export async function printPage(win: Pick<Window, 'frontgate' | 'print'> = window, printer: string | null = storedPrinter()): Promise<PrintFailure | null> {
  const bridge = win.frontgate;
  if (!bridge) {
    win.print();
    return null;
  }
  try {
    const result = await bridge.print({ silent: true, ...(printer !== null && { deviceName: printer }) });
    return 'error' in result ? result.error : null;
  } catch {
    return 'failed';
  }
}
