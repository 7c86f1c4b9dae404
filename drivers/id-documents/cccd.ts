import { IdParseError, isoDate, requireChecks, type IdCheck, type IdDocument } from './types.js';

/**
 * Vietnamese Căn cước công dân QR code (UTF-8, `|`-separated):
 *   7 fields: CCCD(12) | old CMND(9, may be empty) | full name | DOB ddmmyyyy | Nam/Nữ | address | issue date ddmmyyyy
 *   6 fields: the same without the old number.
 * The 12-digit number is province(3) + century/sex(1) + birth year(2) + serial(6); both are cross-checked.
 */
export function looksLikeCccd(text: string): boolean {
  return /^\s*\d{12}\|/.test(text.normalize('NFC'));
}

/** Century/sex digit: 0/1 → 1900s male/female, 2/3 → 2000s, 4/5 → 2100s, 6/7 → 2200s, 8/9 → 2300s. */
export function cccdCenturyAndSex(digit: number): { century: number; sex: 'male' | 'female' } {
  return { century: 1900 + Math.floor(digit / 2) * 100, sex: digit % 2 === 0 ? 'male' : 'female' };
}

function ddmmyyyy(value: string, field: string): string {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(value);
  const iso = m ? isoDate(Number(m[3]), Number(m[2]), Number(m[1])) : undefined;
  if (!iso) throw new IdParseError('bad-field', `${field} is not a ddmmyyyy date: ${JSON.stringify(value)}`);
  return iso;
}

function sexOf(value: string): 'male' | 'female' {
  const v = value.normalize('NFC').trim().toLowerCase();
  if (v === 'nam' || v === 'male') return 'male';
  if (v === 'nữ' || v === 'nu' || v === 'female') return 'female';
  throw new IdParseError('bad-field', `sex must be Nam or Nữ: ${JSON.stringify(value)}`);
}

export function parseCccd(text: string): IdDocument {
  const raw = text.normalize('NFC').replace(/^\uFEFF/, '').trim();
  const fields = raw.split('|').map((f) => f.trim());
  while (fields.length > 7 && fields[fields.length - 1] === '') fields.pop(); // some scanners add a trailing |
  if (fields.length !== 7 && fields.length !== 6) {
    throw new IdParseError('bad-format', `CCCD QR has ${fields.length} fields, expected 6 or 7`);
  }
  const seven = fields.length === 7;
  const [number = '', oldNumber = ''] = seven ? fields : [fields[0], ''];
  const [fullName = '', dob = '', sexText = '', address = '', issued = ''] = fields.slice(seven ? 2 : 1);
  if (!/^\d{12}$/.test(number)) throw new IdParseError('bad-field', `CCCD number must be 12 digits: ${JSON.stringify(number)}`);
  if (oldNumber !== '' && !/^\d{9}$/.test(oldNumber)) {
    throw new IdParseError('bad-field', `old CMND number must be 9 digits: ${JSON.stringify(oldNumber)}`);
  }
  if (fullName === '') throw new IdParseError('bad-field', 'full name is empty');
  const birthDate = ddmmyyyy(dob, 'date of birth');
  const sex = sexOf(sexText);
  const issueDate = ddmmyyyy(issued, 'issue date');

  const province = Number(number.slice(0, 3));
  const coded = cccdCenturyAndSex(Number(number[3]));
  const codedYear = coded.century + Number(number.slice(4, 6));
  const birthYear = Number(birthDate.slice(0, 4));
  const checks: IdCheck[] = [
    { name: 'province-code', passed: province >= 1 && province <= 96, detail: `province code ${number.slice(0, 3)}` },
    { name: 'number-matches-birth-year', passed: codedYear === birthYear, detail: `number says ${codedYear}, date of birth ${birthYear}` },
    { name: 'number-matches-sex', passed: coded.sex === sex, detail: `number says ${coded.sex}, field says ${sex}` },
    { name: 'issued-after-birth', passed: issueDate > birthDate, detail: `issued ${issueDate}, born ${birthDate}` },
  ];
  requireChecks(checks);
  for (const c of checks) delete c.detail;

  const extra: Record<string, string> = {};
  if (oldNumber) extra.oldNumber = oldNumber;
  return {
    type: 'cccd',
    format: seven ? 'cccd-qr-7' : 'cccd-qr-6',
    number,
    fullName,
    birthDate,
    sex,
    nationality: 'VNM',
    issuingState: 'VNM',
    issueDate,
    address,
    extra,
    raw: text,
    checks,
  };
}
