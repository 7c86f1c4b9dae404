import { EventEmitter } from 'node:events';
import type { CardPresented, TextScanned } from '../events.js';
import { LineParser } from '../line/parser.js';
import type { Transport } from '../transport/types.js';
import type { FrameError } from '../util/frame-error.js';
import { systemTimers, type Timers } from '../util/timers.js';
import { BootKeyboardDecoder } from './keyboard.js';
import { HidPosDecoder } from './hidpos.js';
import type { KeyboardLayout } from './layout.js';

export type ScannerEvents = {
  scan: [event: TextScanned];
  cardPresented: [event: CardPresented];
  frameError: [error: FrameError];
};

export interface ScannerOptions {
  transport: Transport;
  /**
   * `wedge`: boot keyboard reports (HID keyboard emulation); `hid-pos`: usage page 0x8C reports;
   * `serial`: a scanner or card reader in USB-CDC / RS-232 mode sending `text\r\n` (UTF-8).
   */
  mode: 'wedge' | 'hid-pos' | 'serial';
  /** Wedge only: the layout the device types in (default US). */
  layout?: KeyboardLayout;
  /** Wedge only: numbered reports carry this report ID first. */
  reportId?: number;
  /** Wedge only: drop half-typed text older than this (default 1000 ms). Scanners type a whole code in < 100 ms. */
  maxGapMs?: number;
  /**
   * Card readers that type the card number: emit `cardPresented` instead of `scan` for input that is a card id
   * (hex UID or a decimal up to 10 digits, converted to 8-digit hex).
   */
  cardReader?: boolean;
  timers?: Timers;
}

/** A text-producing HID or serial device: keyboard-wedge readers/scanners, HID-POS scanners, serial scanners. */
export class Scanner extends EventEmitter<ScannerEvents> {
  readonly transport: Transport;
  private readonly push: (chunk: Buffer) => { text: string; symbology?: string }[];
  private readonly timers: Timers;
  private lastReportAt = 0;

  constructor(private readonly options: ScannerOptions) {
    super();
    this.transport = options.transport;
    this.timers = options.timers ?? systemTimers;
    const onError = (e: FrameError): void => void this.emit('frameError', e);
    if (options.mode === 'wedge') {
      const keyboard = new BootKeyboardDecoder({ layout: options.layout, reportId: options.reportId, onError });
      const maxGap = options.maxGapMs ?? 1000;
      this.push = (report) => {
        const now = this.timers.now();
        if (keyboard.pending && now - this.lastReportAt > maxGap) keyboard.reset();
        this.lastReportAt = now;
        return keyboard.push(report).map((text) => ({ text }));
      };
    } else if (options.mode === 'hid-pos') {
      const hidPos = new HidPosDecoder({ onError });
      this.push = (report) => hidPos.push(report);
    } else {
      const lines = new LineParser({ onError });
      this.push = (chunk) => lines.push(chunk).map((text) => ({ text }));
    }
    this.transport.on('data', (chunk) => {
      for (const scan of this.push(chunk)) this.deliver(scan.text, scan.symbology);
    });
  }

  async open(): Promise<void> {
    await this.transport.open();
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  private deliver(text: string, symbology: string | undefined): void {
    const at = this.timers.now();
    const readerPath = this.transport.path;
    const uid = this.options.cardReader ? cardIdFromText(text.trim()) : undefined;
    if (uid) {
      this.emit('cardPresented', { uid, technology: 'wedge', readerPath, at, details: { typed: text.trim() } });
      return;
    }
    const via = this.options.mode;
    this.emit('scan', symbology ? { text, via, readerPath, at, symbology } : { text, via, readerPath, at });
  }
}

/** A typed card number → UID: decimal (≤ 10 digits) becomes 8-digit hex; hex of 8–20 digits is uppercased. */
export function cardIdFromText(text: string): string | undefined {
  if (/^\d{1,10}$/.test(text) && Number(text) <= 0xffffffff) return Number(text).toString(16).toUpperCase().padStart(8, '0');
  if (/^(?:[0-9A-Fa-f]{2}){4,10}$/.test(text)) return text.toUpperCase();
  return undefined;
}
