/**
 * Printers for the bridge. Electron stopped reporting the OS default printer (PrinterInfo.isDefault was removed),
 * so the default is asked of the OS: CUPS `lpstat -d` on Linux/macOS, WMI through PowerShell on Windows.
 */
import type { PrinterInfo } from 'electron';
import type { KioskPrinter } from '../gateway/contract/kiosk-bridge.js';

export type RunCommand = (file: string, args: readonly string[]) => Promise<string>;

export function toKioskPrinters(
  printers: readonly Pick<PrinterInfo, 'name' | 'displayName'>[],
  defaultName: string | undefined,
): KioskPrinter[] {
  return printers.map((printer) => ({
    name: printer.name,
    displayName: printer.displayName || printer.name,
    isDefault: defaultName !== undefined && printer.name === defaultName,
  }));
}

/** `lpstat -d` prints `system default destination: NAME` (or `no system default destination`). */
export function parseLpstatDefault(stdout: string): string | undefined {
  const match = /^system default destination:\s*(\S.*?)\s*$/m.exec(stdout);
  return match?.[1];
}

export function parsePowerShellDefault(stdout: string): string | undefined {
  const name = stdout.trim().split(/\r?\n/)[0]?.trim();
  return name ? name : undefined;
}

/** The OS default printer's name, or undefined when there is none or the OS cannot tell. Never throws. */
export async function readDefaultPrinterName(platform: NodeJS.Platform, run: RunCommand): Promise<string | undefined> {
  try {
    if (platform === 'win32') {
      const script = "(Get-CimInstance -ClassName Win32_Printer -Filter 'Default=TRUE').Name";
      return parsePowerShellDefault(await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]));
    }
    return parseLpstatDefault(await run('lpstat', ['-d']));
  } catch {
    return undefined;
  }
}
