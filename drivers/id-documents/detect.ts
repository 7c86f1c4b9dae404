import { looksLikeCccd, parseCccd } from './cccd.js';
import { looksLikeMrz, parseMrz } from './mrz.js';
import { IdParseError, type IdDocument, type ParseOptions } from './types.js';

export type ScannedFormat = 'mrz' | 'cccd';

/** Which parser a scanned string is for, or undefined. */
export function detectFormat(text: string): ScannedFormat | undefined {
  if (looksLikeCccd(text)) return 'cccd';
  if (looksLikeMrz(text)) return 'mrz';
  return undefined;
}

/** Pick the parser from a scanned string (QR / MRZ OCR) and parse; `unrecognized` when nothing fits. */
export function detectAndParse(text: string, options: ParseOptions = {}): IdDocument {
  switch (detectFormat(text)) {
    case 'cccd':
      return parseCccd(text);
    case 'mrz':
      return parseMrz(text, options);
    default:
      throw new IdParseError('unrecognized', 'neither an ICAO MRZ (TD1/TD2/TD3) nor a Vietnamese CCCD QR code');
  }
}
