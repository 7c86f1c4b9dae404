/** Events every reader emits, in the drivers' own vocabulary; the gateway's device manager translates them. */

export type CardTechnology = 'em4100' | 'mifare-classic' | 'iso14443a' | 'wedge';

export interface CardPresented {
  /** Normalised UID: uppercase hex, no separators. */
  uid: string;
  technology: CardTechnology;
  /** Transport path of the reader that saw the card. */
  readerPath: string;
  /** Clock time (ms) from the injected clock. */
  at: number;
  /** Technology-specific details (ATQA/SAK for MIFARE, printed numbers for EM4100). */
  details?: Record<string, string | number>;
}

export interface CardRemoved {
  uid: string;
  technology: CardTechnology;
  readerPath: string;
  at: number;
}

export interface TextScanned {
  text: string;
  /** 'wedge' (keyboard emulation), 'hid-pos', or 'serial' (CDC/RS-232 scanner). */
  via: 'wedge' | 'hid-pos' | 'serial';
  readerPath: string;
  at: number;
  /** AIM symbology identifier when the scanner reports one (e.g. `]Q1` for QR). */
  symbology?: string;
}
