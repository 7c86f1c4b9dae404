import { encodeHidPosReports } from '../hid/hidpos.js';
import { Modifier, USAGE_ENTER } from '../hid/keyboard.js';
import { US_LAYOUT, reverseLayout, type KeyboardLayout } from '../hid/layout.js';
import type { Transport } from '../transport/types.js';
import { normalizeUid } from '../util/bytes.js';
import { BaseSimulator, SimulatorError } from './base.js';

/** A keyboard-wedge reader/scanner: types text as boot keyboard reports (press + all-zero release) + Enter. */
export class WedgeSimulator extends BaseSimulator {
  readonly kind = 'wedge' as const;
  private readonly keys: ReturnType<typeof reverseLayout>;

  constructor(transport: Transport, layout: KeyboardLayout = US_LAYOUT) {
    super(transport);
    this.keys = reverseLayout(layout);
  }

  /** Card readers in wedge mode type the UID (as hex) followed by Enter. */
  override presentCard(uid: string): void {
    this.scan(normalizeUid(uid));
  }

  override removeCard(): void {
    // wedge readers report nothing on removal
  }

  override scan(text: string): void {
    const reports: Buffer[] = [];
    for (const ch of text) {
      const key = this.keys.get(ch);
      if (!key) throw new SimulatorError('bad-argument', `character ${JSON.stringify(ch)} cannot be typed on this layout (use HID-POS or serial mode)`);
      const mods = (key.shift ? Modifier.LShift : 0) | (key.altGr ? Modifier.RAlt : 0);
      reports.push(Buffer.of(mods, 0, key.usage, 0, 0, 0, 0, 0), Buffer.alloc(8));
    }
    reports.push(Buffer.of(0, 0, USAGE_ENTER, 0, 0, 0, 0, 0), Buffer.alloc(8));
    for (const r of reports) this.send(r);
  }
}

/** A HID-POS (usage page 0x8C) scanner: sends scanned-data reports, UTF-8 intact. */
export class HidPosSimulator extends BaseSimulator {
  readonly kind = 'hid-pos' as const;

  override scan(text: string): void {
    for (const r of encodeHidPosReports(text)) this.send(r);
  }
}

/** A scanner in serial (USB-CDC / RS-232) mode: `text\r\n` in UTF-8. */
export class SerialScannerSimulator extends BaseSimulator {
  readonly kind = 'serial-scanner' as const;

  override scan(text: string): void {
    this.send(Buffer.from(`${text}\r\n`, 'utf8'));
  }
}

export function assertTransport(transport: Transport | string, kind: string): Transport {
  if (typeof transport === 'string') {
    throw new SimulatorError('bad-argument', `${kind} is a USB HID device: simulate it over an in-memory transport (createMemoryPair)`);
  }
  return transport;
}
