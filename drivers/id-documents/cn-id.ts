import { gb11643Parts, isValidGb11643 } from '../cnid/gb11643.js';
import { cnDate, LONG_TERM, NATIONS, type CnIdText } from '../cnid/text.js';
import { IdParseError, requireChecks, type IdCheck, type IdDocument } from './types.js';

/**
 * A Chinese 2nd-generation ID card as read by the SAM reader → IdDocument.
 * Checks: GB 11643 check character, birth date and sex encoded in the number agree with the chip fields,
 * known ethnic group code, validity dates well formed (valid-to may be 长期, "long term").
 */
export function parseCnId(text: CnIdText, photo?: Uint8Array, rawBlock?: Uint8Array): IdDocument {
  const number = text.idNumber.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number)) throw new IdParseError('bad-field', `ID number must be 17 digits + check: ${JSON.stringify(text.idNumber)}`);
  if (!text.name) throw new IdParseError('bad-field', 'name is empty');
  const birthDate = cnDate(text.birth);
  if (!birthDate) throw new IdParseError('bad-field', `birth date is not YYYYMMDD: ${JSON.stringify(text.birth)}`);
  if (text.sex !== '1' && text.sex !== '2') throw new IdParseError('bad-field', `sex code must be 1 or 2: ${JSON.stringify(text.sex)}`);
  const sex = text.sex === '1' ? 'male' : 'female';
  const validFrom = cnDate(text.validFrom);
  if (!validFrom) throw new IdParseError('bad-field', `valid-from is not YYYYMMDD: ${JSON.stringify(text.validFrom)}`);
  const longTerm = text.validTo === LONG_TERM;
  const validTo = longTerm ? undefined : cnDate(text.validTo);
  if (!longTerm && !validTo) throw new IdParseError('bad-field', `valid-to is neither YYYYMMDD nor 长期: ${JSON.stringify(text.validTo)}`);

  const parts = gb11643Parts(number);
  const checks: IdCheck[] = [
    { name: 'gb11643', passed: isValidGb11643(number), detail: `check character of ${number}` },
    { name: 'number-matches-birth-date', passed: parts?.birthDate === birthDate, detail: `number says ${parts?.birthDate}, chip says ${birthDate}` },
    { name: 'number-matches-sex', passed: parts?.sex === sex, detail: `number says ${parts?.sex}, chip says ${sex}` },
    { name: 'nation-code', passed: text.nation in NATIONS, detail: `nation code ${text.nation}` },
    { name: 'valid-period', passed: longTerm || (validTo !== undefined && validTo > validFrom), detail: `${validFrom} to ${text.validTo}` },
  ];
  requireChecks(checks);
  for (const c of checks) delete c.detail;

  const extra: Record<string, string> = { nationCode: text.nation, validFrom };
  const nation = NATIONS[text.nation];
  if (nation) extra.nation = nation;
  if (longTerm) extra.validTo = LONG_TERM;
  const doc: IdDocument = {
    type: 'cn_id',
    format: 'cn-id-chip',
    number,
    fullName: text.name,
    birthDate,
    sex,
    nationality: 'CHN',
    issuingState: 'CHN',
    issueDate: validFrom,
    address: text.address,
    issuer: text.issuer,
    extra,
    raw: rawBlock ? Buffer.from(rawBlock).toString('hex') : JSON.stringify(text),
    checks,
  };
  if (validTo) doc.expiry = validTo;
  if (photo) doc.photo = { format: 'wlt', bytes: photo };
  return doc;
}
