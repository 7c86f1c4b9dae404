import { FrameError } from '../util/frame-error.js';
import { US_LAYOUT, type KeyboardLayout } from './layout.js';

/** Boot keyboard report: `[modifiers, 0x00, k1..k6]`. */
export const BOOT_REPORT_LENGTH = 8;
export const Modifier = { LCtrl: 0x01, LShift: 0x02, LAlt: 0x04, LGui: 0x08, RCtrl: 0x10, RShift: 0x20, RAlt: 0x40, RGui: 0x80 } as const;
export const USAGE_ENTER = 0x28;
export const USAGE_KEYPAD_ENTER = 0x58;
export const USAGE_ROLLOVER = 0x01;
export const USAGE_CAPS_LOCK = 0x39;

export interface BootKeyboardDecoderOptions {
  layout?: KeyboardLayout;
  /** Report ID byte in front of each report (numbered reports), if any. */
  reportId?: number;
  /** Longest scan kept (default 4096 characters). */
  maxLength?: number;
  onError?: (error: FrameError) => void;
}

/**
 * Turns boot keyboard reports into text. A key produces its character when it goes down (appears in a report
 * it was not in); releases produce nothing. Rollover reports (`01` in the key slots) are ignored. Enter ends a
 * scan. Ctrl/Alt/GUI chords are not text and are dropped; AltGr (right Alt) selects the layout's third level.
 */
export class BootKeyboardDecoder {
  private down = new Set<number>();
  private text = '';
  private capsLock = false;
  private readonly layout: KeyboardLayout;
  private readonly max: number;
  private readonly onError: (error: FrameError) => void;

  constructor(private readonly options: BootKeyboardDecoderOptions = {}) {
    this.layout = options.layout ?? US_LAYOUT;
    this.max = options.maxLength ?? 4096;
    this.onError = options.onError ?? (() => {});
  }

  /** Characters typed since the last Enter. */
  get pending(): string {
    return this.text;
  }

  reset(): void {
    this.down.clear();
    this.text = '';
  }

  /** Feed one report; returns the scans completed by Enter in it. */
  push(report: Uint8Array): string[] {
    let r = report;
    if (this.options.reportId !== undefined) {
      if (r[0] !== this.options.reportId) return [];
      r = r.subarray(1);
    }
    if (r.length < BOOT_REPORT_LENGTH) {
      this.onError(new FrameError('bad-length', 'boot-keyboard', `report of ${r.length} bytes`));
      return [];
    }
    const keys = [...r.subarray(2, BOOT_REPORT_LENGTH)].filter((k) => k !== 0);
    if (keys.some((k) => k === USAGE_ROLLOVER || k === 0x02 || k === 0x03)) return []; // ErrorRollOver / POSTFail / undefined error
    const modifiers = r[0] ?? 0;
    const shift = (modifiers & (Modifier.LShift | Modifier.RShift)) !== 0;
    const altGr = (modifiers & Modifier.RAlt) !== 0;
    const chord = (modifiers & (Modifier.LCtrl | Modifier.RCtrl | Modifier.LAlt | Modifier.LGui | Modifier.RGui)) !== 0;
    const scans: string[] = [];
    for (const usage of keys) {
      if (this.down.has(usage)) continue;
      if (usage === USAGE_ENTER || usage === USAGE_KEYPAD_ENTER) {
        if (this.text.length > 0) scans.push(this.text);
        this.text = '';
        continue;
      }
      if (usage === USAGE_CAPS_LOCK) {
        this.capsLock = !this.capsLock;
        continue;
      }
      if (chord) continue;
      const entry = this.layout.keys[usage];
      if (!entry) continue;
      const isLetter = entry[0].length === 1 && entry[0].toLowerCase() !== entry[0].toUpperCase();
      const upper = isLetter && this.capsLock ? !shift : shift;
      const ch = altGr ? entry[2] : upper ? entry[1] : entry[0];
      if (ch === undefined) continue;
      if (this.text.length >= this.max) {
        this.onError(new FrameError('overflow', 'boot-keyboard', `scan longer than ${this.max} characters dropped`));
        this.text = '';
      }
      this.text += ch;
    }
    this.down = new Set(keys);
    return scans;
  }
}
