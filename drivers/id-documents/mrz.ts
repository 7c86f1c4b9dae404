import { parse as parseMrzLines } from 'mrz';
import { IdParseError, isoDate, requireChecks, type IdCheck, type IdDocument, type IdDocumentType, type ParseOptions } from './types.js';

/** ICAO 9303 machine-readable zones: TD1 (3×30), TD2 (2×36), TD3 (2×44). */
const SHAPES: Record<'TD1' | 'TD2' | 'TD3', [lines: number, length: number]> = { TD1: [3, 30], TD2: [2, 36], TD3: [2, 44] };
/** ICAO specimen state, used on every sample document; the `mrz` package does not know it. */
const SPECIMEN_STATES = new Set(['UTO']);

/** Split scanned text into MRZ lines (scanners may add spaces, CR, or glue the lines together). */
export function mrzLines(text: string): string[] | undefined {
  const compact = text.toUpperCase().replace(/[ \t]/g, '');
  const lines = compact.split(/\r\n|\r|\n/).filter((l) => l.length > 0);
  for (const [count, length] of Object.values(SHAPES)) {
    if (lines.length === count && lines.every((l) => l.length === length)) return lines;
    if (lines.length === 1 && compact.length === count * length) {
      return Array.from({ length: count }, (_, i) => compact.slice(i * length, (i + 1) * length));
    }
  }
  return undefined;
}

export function looksLikeMrz(text: string): boolean {
  const lines = mrzLines(text);
  return lines !== undefined && lines.every((l) => /^[A-Z0-9<]+$/.test(l));
}

function typeOf(code: string): IdDocumentType {
  if (code.startsWith('P')) return 'passport';
  if (code.startsWith('V')) return 'visa';
  if (/^[IAC]/.test(code)) return 'id_card';
  return 'travel_document';
}

/** YYMMDD → ISO. Birth dates are never in the future; expiry dates are 20YY (19YY from 70 on). */
function yymmdd(value: string, kind: 'birth' | 'expiry', now: Date): string | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const yy = Number(m[1]);
  const thisYY = now.getUTCFullYear() % 100;
  const century = kind === 'birth' ? (yy > thisYY ? 1900 : 2000) : yy >= 70 ? 1900 : 2000;
  return isoDate(century + yy, Number(m[2]), Number(m[3]));
}

export function parseMrz(text: string, options: ParseOptions = {}): IdDocument {
  const lines = mrzLines(text);
  if (!lines || !lines.every((l) => /^[A-Z0-9<]+$/.test(l))) {
    throw new IdParseError('bad-format', 'not an MRZ: expected 3×30, 2×36 or 2×44 characters of A–Z, 0–9 and <');
  }
  let result: ReturnType<typeof parseMrzLines>;
  try {
    result = parseMrzLines(lines);
  } catch (err) {
    throw new IdParseError('bad-format', (err as Error).message);
  }
  const raw = (d: { line: number; start: number; end: number }): string => (lines[d.line] ?? '').slice(d.start, d.end).replace(/<+$/, '');
  const checks: IdCheck[] = [];
  const fieldErrors: string[] = [];
  for (const d of result.details) {
    if (!d.field) continue;
    if (d.field.endsWith('CheckDigit')) {
      checks.push(d.valid ? { name: d.field, passed: true } : { name: d.field, passed: false, detail: `${d.label}: ${d.error ?? 'invalid'}` });
    } else if (d.field === 'issuingState' || d.field === 'nationality') {
      const value = raw(d);
      checks.push({ name: `${d.field}Known`, passed: d.valid || SPECIMEN_STATES.has(value), detail: d.valid ? undefined : `${value}` });
    } else if (!d.valid) fieldErrors.push(`${d.label}: ${d.error ?? 'invalid'}`);
  }
  for (const c of checks) if (c.detail === undefined) delete c.detail;
  if (fieldErrors.length) throw new IdParseError('bad-field', fieldErrors.join('; '), checks);
  requireChecks(checks.filter((c) => c.name.endsWith('CheckDigit')));

  const detail = (field: string): string => {
    const d = result.details.find((x) => x.field === field);
    return d ? raw(d) : '';
  };
  const f = result.fields;
  const now = options.now ?? new Date();
  const surname = (f.lastName ?? '').trim();
  const givenNames = (f.firstName ?? '').trim();
  const birthDate = f.birthDate ? yymmdd(f.birthDate, 'birth', now) : undefined;
  const expiry = f.expirationDate ? yymmdd(f.expirationDate, 'expiry', now) : undefined;
  const extra: Record<string, string> = {};
  for (const key of ['personalNumber', 'optional', 'optional1', 'optional2'] as const) {
    const v = (f as Record<string, string | null | undefined>)[key];
    if (v) extra[key] = v;
  }
  const doc: IdDocument = {
    type: typeOf(f.documentCode ?? detail('documentCode')),
    format: result.format as 'TD1' | 'TD2' | 'TD3',
    number: result.documentNumber ?? f.documentNumber ?? '',
    fullName: [givenNames, surname].filter(Boolean).join(' '),
    surname,
    givenNames,
    sex: f.sex === 'male' ? 'male' : f.sex === 'female' ? 'female' : 'unspecified',
    nationality: detail('nationality'),
    issuingState: detail('issuingState'),
    extra,
    raw: lines.join('\n'),
    checks,
  };
  if (birthDate) doc.birthDate = birthDate;
  if (expiry) doc.expiry = expiry;
  return doc;
}
