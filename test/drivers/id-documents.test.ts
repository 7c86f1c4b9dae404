import { describe, expect, it } from 'vitest';
import { encodeCnIdText } from '../../drivers/cnid/text.js';
import { detectAndParse, detectFormat, IdParseError, parseCccd, parseCnId, parseMrz } from '../../drivers/id-documents/index.js';
import { SAMPLE_CCCD_QR, SAMPLE_CN_ID } from '../../drivers/simulators/samples.js';

/** ICAO 9303 specimens (all check digits valid; UTO = Utopia). */
const TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';
const TD1 = 'I<UTOD23145890<1233<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<2\nERIKSSON<<ANNA<MARIA<<<<<<<<<<';
const TD2 = 'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6';
/** TD3 with the document-number check digit changed 6 → 7. */
const TD3_BAD_CHECK = TD3.replace('L898902C36', 'L898902C37');
const NOW = new Date('2025-06-01T00:00:00Z');

const CCCD_6 = '001090123456|NGUYEN VAN A|01011990|Nam|Hà Nội|15042021';
const CCCD_FEMALE_2000S = '079305001234||TRẦN THỊ B|02032005|Nữ|TP. Hồ Chí Minh|10102021';

const expectError = (fn: () => unknown, code: string) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(IdParseError);
    expect((err as IdParseError).code).toBe(code);
    return err as IdParseError;
  }
  throw new Error('expected an IdParseError');
};

describe('ICAO MRZ', () => {
  it('parses the TD3 passport specimen', () => {
    const doc = parseMrz(TD3, { now: NOW });
    expect(doc).toMatchObject({
      type: 'passport',
      format: 'TD3',
      number: 'L898902C3',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      fullName: 'ANNA MARIA ERIKSSON',
      birthDate: '1974-08-12',
      expiry: '2012-04-15',
      sex: 'female',
      nationality: 'UTO',
      issuingState: 'UTO',
      extra: { personalNumber: 'ZE184226B' },
    });
    expect(doc.checks.every((c) => c.passed)).toBe(true);
    expect(doc.checks.map((c) => c.name)).toContain('compositeCheckDigit');
  });

  it('parses TD1 and TD2 identity cards, with spaces and glued lines tolerated', () => {
    expect(parseMrz(TD1, { now: NOW })).toMatchObject({ type: 'id_card', format: 'TD1', number: 'D23145890123', birthDate: '1974-08-12' });
    expect(parseMrz(TD2.replace('\n', ''), { now: NOW })).toMatchObject({ type: 'id_card', format: 'TD2', number: 'D23145890' });
    expect(parseMrz(TD3.replace('P<UTO', 'P<UTO ').toLowerCase(), { now: NOW }).number).toBe('L898902C3');
  });

  it('refuses a bad check digit instead of returning a person', () => {
    const err = expectError(() => parseMrz(TD3_BAD_CHECK), 'check-failed');
    expect(err.detail).toMatch(/Document number check digit/);
    expect(err.checks.filter((c) => !c.passed).map((c) => c.name)).toEqual(['documentNumberCheckDigit', 'compositeCheckDigit']);
    expectError(() => parseMrz('P<UTO'), 'bad-format');
    expectError(() => parseMrz(TD3.replace('7408122F', '7413122F')), 'bad-field');
  });
});

describe('Vietnamese CCCD QR', () => {
  it('parses the 7-field form', () => {
    expect(parseCccd(SAMPLE_CCCD_QR)).toMatchObject({
      type: 'cccd',
      format: 'cccd-qr-7',
      number: '001090123456',
      fullName: 'NGUYEN VAN A',
      birthDate: '1990-01-01',
      sex: 'male',
      nationality: 'VNM',
      address: 'Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh',
      issueDate: '2021-04-15',
      extra: { oldNumber: '012345678' },
    });
  });

  it('parses the 6-field form and a woman born in the 2000s', () => {
    expect(parseCccd(CCCD_6)).toMatchObject({ format: 'cccd-qr-6', number: '001090123456', extra: {} });
    expect(parseCccd(CCCD_FEMALE_2000S)).toMatchObject({ sex: 'female', birthDate: '2005-03-02', fullName: 'TRẦN THỊ B' });
    expect(parseCccd(`${SAMPLE_CCCD_QR}|`).number).toBe('001090123456');
  });

  it('cross-checks the number against birth year and sex', () => {
    const wrongSex = expectError(() => parseCccd(SAMPLE_CCCD_QR.replace('|Nam|', '|Nữ|')), 'check-failed');
    expect(wrongSex.checks.find((c) => !c.passed)?.name).toBe('number-matches-sex');
    const wrongYear = expectError(() => parseCccd(SAMPLE_CCCD_QR.replace('01011990', '01011991')), 'check-failed');
    expect(wrongYear.checks.find((c) => !c.passed)?.name).toBe('number-matches-birth-year');
  });

  it('rejects malformed input with what failed', () => {
    expectError(() => parseCccd('001090123456|A|B'), 'bad-format');
    expectError(() => parseCccd(SAMPLE_CCCD_QR.replace('001090123456', '00109012345X')), 'bad-field');
    expectError(() => parseCccd(SAMPLE_CCCD_QR.replace('01011990', '31021990')), 'bad-field');
    expectError(() => parseCccd(SAMPLE_CCCD_QR.replace('|Nam|', '|M|')), 'bad-field');
  });
});

describe('Chinese ID card', () => {
  it('maps the chip text to an IdDocument, keeping the WLT photo raw', () => {
    const photo = Buffer.from('WLT');
    const doc = parseCnId(SAMPLE_CN_ID, photo, encodeCnIdText(SAMPLE_CN_ID));
    expect(doc).toMatchObject({
      type: 'cn_id',
      number: '11010519491231002X',
      fullName: '王芳',
      sex: 'female',
      birthDate: '1949-12-31',
      nationality: 'CHN',
      issueDate: '2010-01-01',
      extra: { nation: '汉', nationCode: '01', validTo: '长期' },
      photo: { format: 'wlt', bytes: photo },
    });
    expect(doc.expiry).toBeUndefined();
    expect(doc.raw).toHaveLength(512);
  });

  it('refuses an ID number that fails GB 11643 or disagrees with the chip', () => {
    // The sample number's sequence digit (2) is even: a chip saying male disagrees.
    const female = SAMPLE_CN_ID;
    expect(expectError(() => parseCnId({ ...SAMPLE_CN_ID, sex: '1' }), 'check-failed').checks.find((c) => !c.passed)?.name).toBe('number-matches-sex');
    const badCheck = expectError(() => parseCnId({ ...female, idNumber: '110105194912310021' }), 'check-failed');
    expect(badCheck.checks.find((c) => !c.passed)?.name).toBe('gb11643');
    expectError(() => parseCnId({ ...female, validTo: '2000' }), 'bad-field');
    expectError(() => parseCnId({ ...female, birth: '19491331' }), 'bad-field');
  });
});

describe('detectAndParse', () => {
  it('picks the parser from the scanned text', () => {
    expect(detectFormat(SAMPLE_CCCD_QR)).toBe('cccd');
    expect(detectFormat(TD1)).toBe('mrz');
    expect(detectAndParse(TD3, { now: NOW }).type).toBe('passport');
    expect(detectAndParse(`${SAMPLE_CCCD_QR}\r\n`).type).toBe('cccd');
    expectError(() => detectAndParse('https://example.com/?q=1'), 'unrecognized');
    expectError(() => detectAndParse(''), 'unrecognized');
  });
});
