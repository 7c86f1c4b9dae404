/** The one shape every ID-document parser returns. */
export type IdDocumentType = 'passport' | 'id_card' | 'visa' | 'travel_document' | 'cccd' | 'cn_id';

export type IdDocumentFormat = 'TD1' | 'TD2' | 'TD3' | 'cccd-qr-7' | 'cccd-qr-6' | 'cn-id-chip';

export interface IdCheck {
  /** e.g. `documentNumberCheckDigit`, `gb11643`, `number-matches-birth-year`. */
  name: string;
  passed: boolean;
  detail?: string;
}

export interface IdDocument {
  type: IdDocumentType;
  format: IdDocumentFormat;
  /** Document number as printed (passport number, 12-digit CCCD, 18-character Chinese ID). */
  number: string;
  fullName: string;
  surname?: string;
  givenNames?: string;
  /** ISO `YYYY-MM-DD`. */
  birthDate?: string;
  sex: 'male' | 'female' | 'unspecified';
  /** ISO 3166-1 alpha-3 (ICAO codes for MRZ: `D` for Germany, `UTO` for specimens). */
  nationality?: string;
  issuingState?: string;
  issueDate?: string;
  /** ISO date; undefined when the document does not expire (长期) or does not say. */
  expiry?: string;
  address?: string;
  issuer?: string;
  /** Format-specific extras: old CMND number, ethnic group, personal number, … */
  extra: Record<string, string>;
  /** Raw WLT photo for Chinese ID cards (not decoded). */
  photo?: { format: 'wlt'; bytes: Uint8Array };
  /** The input as scanned/read (text, or the hex of a binary text block). */
  raw: string;
  checks: IdCheck[];
}

export type IdParseErrorCode =
  | 'unrecognized' // not any document format we know
  | 'bad-format' // structure wrong: field count, line lengths, characters
  | 'bad-field' // a field does not hold a valid value (date, sex, …)
  | 'check-failed'; // a check digit or cross-check failed

/** Invalid input. Never a guessed person: the parser either returns a document whose checks pass, or this. */
export class IdParseError extends Error {
  override readonly name = 'IdParseError';
  constructor(
    readonly code: IdParseErrorCode,
    readonly detail: string,
    readonly checks: IdCheck[] = [],
  ) {
    super(`${code}: ${detail}`);
  }
}

export interface ParseOptions {
  /** "Today", for two-digit-year pivots (injected clock; default the current date). */
  now?: Date;
}

/** A real calendar date from parts, as ISO, or undefined. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : undefined;
}

export function failedChecks(checks: IdCheck[]): IdCheck[] {
  return checks.filter((c) => !c.passed);
}

/** Throw `check-failed` listing every failed check, if any. */
export function requireChecks(checks: IdCheck[]): void {
  const failed = failedChecks(checks);
  if (failed.length) throw new IdParseError('check-failed', failed.map((c) => c.detail ?? c.name).join('; '), checks);
}
