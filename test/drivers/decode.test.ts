import { describe, expect, it } from 'vitest';
import { encodeCnIdReply } from '../../drivers/cnid/frame.js';
import { encodeCnIdText } from '../../drivers/cnid/text.js';
import { decode, DecodeError } from '../../drivers/decode.js';
import { IdParseError } from '../../drivers/id-documents/index.js';
import { SAMPLE_CCCD_QR, SAMPLE_CN_ID, SAMPLE_MRZ_TD3 } from '../../drivers/simulators/samples.js';

const RDM6300_62E3086CED = '02 36 32 45 33 30 38 36 43 45 44 30 38 03'; // 02 '62E3086CED' '08' 03
const INLIST_REQ_AND_ACK = '0000ff04fcd44a0100e100 0000ff00ff00'; // InListPassiveTarget + ACK
const WEDGE_A1_ENTER = '0000040000000000 0000000000000000 00001e0000000000 0000000000000000 0000280000000000';

describe('decode (CLI helper)', () => {
  it('decodes byte protocols', () => {
    expect(decode('rdm6300', RDM6300_62E3086CED)).toEqual([{ uid: '62E3086CED', technology: 'em4100', decimal: '3808980205', facility: 8, card: 27885, facilityCard: '008,27885' }]);
    expect(decode('pn532', INLIST_REQ_AND_ACK)).toEqual([{ type: 'command', command: 'InListPassiveTarget', params: '0100', extended: false }, { type: 'ack' }]);
    expect(decode('wedge', WEDGE_A1_ENTER)).toEqual({ scans: ['a1'] });
    const read = encodeCnIdReply(0x90, Buffer.concat([Buffer.of(1, 0, 4, 0), encodeCnIdText(SAMPLE_CN_ID), Buffer.alloc(1024)]));
    expect(decode('cnid', read.toString('hex'))).toMatchObject([{ sw3: 0x90, text: SAMPLE_CN_ID, photoBytes: 1024, document: { number: SAMPLE_CN_ID.idNumber } }]);
    expect(decode('cnid', 'AAAAAA9669 0004 000080 84')).toEqual([{ body: '000080', sw3: 0x80, data: '' }]);
  });

  it('decodes scanned documents', () => {
    expect(decode('auto', SAMPLE_CCCD_QR)).toMatchObject({ type: 'cccd' });
    expect(decode('mrz', SAMPLE_MRZ_TD3)).toMatchObject({ type: 'passport' });
    expect(decode('cccd', SAMPLE_CCCD_QR)).toMatchObject({ number: '001090123456' });
  });

  it('fails with typed errors on bad input', () => {
    expect(() => decode('rdm6300', 'zz')).toThrow(DecodeError);
    expect(() => decode('rdm6300', '02 36 32')).toThrow(expect.objectContaining({ code: 'no-frame' }));
    expect(() => decode('pn532', '0000ff04fcd44a0100e200')).toThrow(expect.objectContaining({ code: 'no-frame', frameErrors: [expect.stringMatching(/bad-checksum/)] }));
    expect(() => decode('osdp', '00')).toThrow(expect.objectContaining({ code: 'unknown-protocol' }));
    expect(() => decode('auto', 'hello')).toThrow(IdParseError);
  });
});
