import { describe, expect, it } from 'vitest';
import { parseLpstatDefault, parsePowerShellDefault, readDefaultPrinterName, toKioskPrinters } from '../../electron/printers.js';

describe('printers', () => {
  it('reads the CUPS default from lpstat -d', () => {
    expect(parseLpstatDefault('system default destination: Zebra_ZD421\n')).toBe('Zebra_ZD421');
    expect(parseLpstatDefault('no system default destination\n')).toBeUndefined();
    expect(parseLpstatDefault('')).toBeUndefined();
  });

  it('reads the Windows default from PowerShell output', () => {
    expect(parsePowerShellDefault('Microsoft Print to PDF\r\n')).toBe('Microsoft Print to PDF');
    expect(parsePowerShellDefault('\r\n')).toBeUndefined();
  });

  it('asks the right command per platform and never throws', async () => {
    const calls: string[] = [];
    const run = async (file: string, args: readonly string[]) => {
      calls.push([file, ...args].join(' '));
      return file === 'lpstat' ? 'system default destination: HP\n' : 'Office Printer\r\n';
    };
    expect(await readDefaultPrinterName('linux', run)).toBe('HP');
    expect(await readDefaultPrinterName('win32', run)).toBe('Office Printer');
    expect(calls[0]).toBe('lpstat -d');
    expect(calls[1]).toMatch(/^powershell\.exe -NoProfile -NonInteractive -Command .*Win32_Printer/);
    expect(await readDefaultPrinterName('linux', async () => Promise.reject(new Error('ENOENT')))).toBeUndefined();
  });

  it('marks only the default printer and falls back to the OS name for display', () => {
    expect(
      toKioskPrinters(
        [
          { name: 'A', displayName: '' },
          { name: 'B', displayName: 'Badge printer' },
        ],
        'B',
      ),
    ).toEqual([
      { name: 'A', displayName: 'A', isDefault: false },
      { name: 'B', displayName: 'Badge printer', isDefault: true },
    ]);
    expect(toKioskPrinters([{ name: 'A', displayName: 'A' }], undefined)).toEqual([{ name: 'A', displayName: 'A', isDefault: false }]);
  });
});
