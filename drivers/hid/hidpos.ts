import { FrameError } from '../util/frame-error.js';

/**
 * HID POS barcode scanner (usage page 0x8C, usage 0x02) "scanned data" input report, in the layout used by
 * Honeywell and Zebra scanners in HID-POS mode (64 bytes, report ID included):
 *   [0] report ID 0x02 | [1] data length in this report | [2..4] AIM symbology id (`]Q1`, zeros if none)
 *   [5..60] data (56 bytes) | [61..62] vendor symbology | [63] bit0: more data follows in the next report
 * Data is raw bytes, so UTF-8 text (Vietnamese, Chinese) survives, unlike keyboard mode.
 */
export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_REPORT_LENGTH = 64;
export const HID_POS_DATA_OFFSET = 5;
export const HID_POS_DATA_CAPACITY = 56;
export const HID_POS_FLAGS_OFFSET = 63;

export interface HidPosScan {
  text: string;
  bytes: Buffer;
  symbology?: string;
}

export interface HidPosDecoderOptions {
  reportId?: number;
  /** How data bytes become text (default UTF-8; invalid UTF-8 is reported, not guessed). */
  encoding?: 'utf-8' | 'latin1';
  /** Longest barcode kept (default 8192 bytes). */
  maxBytes?: number;
  onError?: (error: FrameError) => void;
}

/** Reassembles scanned-data reports (continuations included) into text. */
export class HidPosDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private symbology: string | undefined;
  private readonly max: number;
  private readonly onError: (error: FrameError) => void;

  constructor(private readonly options: HidPosDecoderOptions = {}) {
    this.max = options.maxBytes ?? 8192;
    this.onError = options.onError ?? (() => {});
  }

  get buffered(): number {
    return this.size;
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
    this.symbology = undefined;
  }

  push(report: Uint8Array): HidPosScan[] {
    const r = Buffer.from(report);
    if (r[0] !== (this.options.reportId ?? HID_POS_REPORT_ID)) return []; // other report types (status, trigger)
    if (r.length < HID_POS_REPORT_LENGTH) {
      this.onError(new FrameError('bad-length', 'hid-pos', `report of ${r.length} bytes`, r));
      return [];
    }
    const length = r[1] ?? 0;
    if (length > HID_POS_DATA_CAPACITY) {
      this.onError(new FrameError('bad-length', 'hid-pos', `data length ${length}`, r));
      this.reset();
      return [];
    }
    if (this.parts.length === 0) {
      const sym = r.subarray(2, 5).filter((b) => b !== 0);
      this.symbology = sym.length ? Buffer.from(sym).toString('latin1') : undefined;
    }
    if (this.size + length > this.max) {
      this.onError(new FrameError('overflow', 'hid-pos', `barcode longer than ${this.max} bytes dropped`));
      this.reset();
      return [];
    }
    this.parts.push(Buffer.from(r.subarray(HID_POS_DATA_OFFSET, HID_POS_DATA_OFFSET + length)));
    this.size += length;
    if (((r[HID_POS_FLAGS_OFFSET] ?? 0) & 0x01) !== 0) return [];
    const bytes = Buffer.concat(this.parts);
    const symbology = this.symbology;
    this.reset();
    if (bytes.length === 0) return [];
    let text: string;
    if (this.options.encoding === 'latin1') text = bytes.toString('latin1');
    else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        this.onError(new FrameError('bad-format', 'hid-pos', 'barcode is not valid UTF-8', bytes));
        return [];
      }
    }
    return [symbology ? { text, bytes, symbology } : { text, bytes }];
  }
}

/** Build the reports a HID-POS scanner sends for `data` (used by the simulator and tests). */
export function encodeHidPosReports(data: Uint8Array | string, symbology = ']Q1'): Buffer[] {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  const reports: Buffer[] = [];
  for (let off = 0; off === 0 || off < bytes.length; off += HID_POS_DATA_CAPACITY) {
    const part = bytes.subarray(off, off + HID_POS_DATA_CAPACITY);
    const r = Buffer.alloc(HID_POS_REPORT_LENGTH);
    r[0] = HID_POS_REPORT_ID;
    r[1] = part.length;
    Buffer.from(symbology, 'latin1').subarray(0, 3).copy(r, 2);
    part.copy(r, HID_POS_DATA_OFFSET);
    r[HID_POS_FLAGS_OFFSET] = off + HID_POS_DATA_CAPACITY < bytes.length ? 0x01 : 0x00;
    reports.push(r);
  }
  return reports;
}
