import { describe, expect, it } from 'vitest';
import { CnIdCommand, decodeCnIdFrame, encodeCnIdCommand, encodeCnIdReply, replyOf, type CnIdFrame } from '../../drivers/cnid/frame.js';
import { gb11643CheckChar, gb11643Parts, isValidGb11643 } from '../../drivers/cnid/gb11643.js';
import { CnIdParser } from '../../drivers/cnid/parser.js';
import { CnIdReader, CnIdError, parseReadReply } from '../../drivers/cnid/reader.js';
import { decodeCnIdText, encodeCnIdText } from '../../drivers/cnid/text.js';
import { CnIdSimulator } from '../../drivers/simulators/cnid.js';
import { SAMPLE_CN_ID } from '../../drivers/simulators/samples.js';
import { createMemoryPair } from '../../drivers/transport/memory.js';
import { hex } from '../../drivers/util/bytes.js';
import type { FrameError } from '../../drivers/util/frame-error.js';

/** PROTOCOLS.md vectors. */
const FIND_REQ = hex('AAAAAA9669 0003 2001 22');
const SELECT_REQ = hex('AAAAAA9669 0003 2002 21');
const READ_REQ = hex('AAAAAA9669 0003 3001 32');
const STATUS_REQ = hex('AAAAAA9669 0003 11FF ED');
const STATUS_OK_RES = hex('AAAAAA9669 0004 000090 94');
const CARD_FOUND_RES = hex('AAAAAA9669 0008 00009F 00000000 97');
const NO_CARD_RES = hex('AAAAAA9669 0004 000080 84');

const parse = (chunks: Uint8Array[]) => {
  const errors: FrameError[] = [];
  const parser = new CnIdParser((e) => errors.push(e));
  const frames = chunks.flatMap((c) => parser.push(c));
  return { frames, errors, parser };
};
const sw3 = (f: CnIdFrame) => replyOf(f).sw3;

describe('GA 467 frames', () => {
  it('encodes the public command vectors', () => {
    expect(encodeCnIdCommand(CnIdCommand.FindCard)).toEqual(FIND_REQ);
    expect(encodeCnIdCommand(CnIdCommand.SelectCard)).toEqual(SELECT_REQ);
    expect(encodeCnIdCommand(CnIdCommand.ReadTextPhoto)).toEqual(READ_REQ);
    expect(encodeCnIdCommand(CnIdCommand.SamStatus)).toEqual(STATUS_REQ);
    expect(encodeCnIdReply(0x90)).toEqual(STATUS_OK_RES);
    expect(encodeCnIdReply(0x9f, Buffer.alloc(4))).toEqual(CARD_FOUND_RES);
    expect(encodeCnIdReply(0x80)).toEqual(NO_CARD_RES);
  });

  it('decodes replies and rejects a bad checksum', () => {
    expect(replyOf(decodeCnIdFrame(CARD_FOUND_RES))).toEqual({ sw1: 0, sw2: 0, sw3: 0x9f, data: Buffer.alloc(4) });
    const bad = Buffer.from(NO_CARD_RES);
    bad[10] = 0x85;
    expect(() => decodeCnIdFrame(bad)).toThrow(expect.objectContaining({ code: 'bad-checksum' }));
    expect(() => decodeCnIdFrame(NO_CARD_RES.subarray(0, 9))).toThrow(expect.objectContaining({ code: 'bad-length' }));
  });
});

describe('GA 467 parser', () => {
  it('reassembles a frame split across chunks', () => {
    expect(parse([CARD_FOUND_RES.subarray(0, 2), CARD_FOUND_RES.subarray(2, 6), CARD_FOUND_RES.subarray(6)]).frames.map(sw3)).toEqual([0x9f]);
  });

  it('emits two frames from one chunk', () => {
    expect(parse([Buffer.concat([STATUS_OK_RES, NO_CARD_RES])]).frames.map(sw3)).toEqual([0x90, 0x80]);
  });

  it('skips leading garbage, including a partial preamble', () => {
    const { frames, parser } = parse([Buffer.concat([hex('00 AA AA 13 AA AA'), STATUS_OK_RES])]);
    expect(frames.map(sw3)).toEqual([0x90]);
    expect(parser.buffered).toBe(0);
  });

  it('drops a frame with a bad checksum', () => {
    const bad = Buffer.from(CARD_FOUND_RES);
    bad[14] = (bad[14] ?? 0) ^ 1;
    const { frames, errors } = parse([bad, NO_CARD_RES]);
    expect(frames.map(sw3)).toEqual([0x80]);
    expect(errors.map((e) => e.code)).toEqual(['bad-checksum']);
  });

  it('drops a truncated long reply once a complete frame follows it', () => {
    const read = encodeCnIdReply(0x90, Buffer.alloc(1284));
    const { frames, errors } = parse([read.subarray(0, 300), NO_CARD_RES]);
    expect(frames.map(sw3)).toEqual([0x80]);
    expect(errors[0]?.code).toBe('bad-length');
  });

  it('keeps waiting for an incomplete reply', () => {
    const { frames, parser } = parse([CARD_FOUND_RES.subarray(0, 10)]);
    expect(frames).toEqual([]);
    expect(parser.buffered).toBe(10);
  });
});

describe('ID number and text block', () => {
  it('checks GB 11643 (MOD 11-2)', () => {
    expect(isValidGb11643('11010519491231002X')).toBe(true);
    expect(isValidGb11643('110105194912310021')).toBe(false);
    expect(isValidGb11643('1101051949123100')).toBe(false);
    expect(gb11643CheckChar('11010519491231002')).toBe('X');
    expect(gb11643Parts('11010519491231002X')).toEqual({ region: '110105', birthDate: '1949-12-31', sex: 'female' });
  });

  it('round-trips the UCS-2LE text block, 长期 included', () => {
    const block = encodeCnIdText(SAMPLE_CN_ID);
    expect(block.length).toBe(256);
    expect(block.subarray(0, 4)).toEqual(Buffer.from('王芳', 'utf16le'));
    expect(block.subarray(4, 6)).toEqual(hex('2000')); // space padding, UCS-2LE
    expect(decodeCnIdText(block)).toEqual(SAMPLE_CN_ID);
    expect(() => encodeCnIdText({ ...SAMPLE_CN_ID, name: '名'.repeat(16) })).toThrow(RangeError);
  });

  it('splits a read reply into text and raw WLT photo bytes', () => {
    const photo = Buffer.alloc(1024, 0x57);
    const data = Buffer.concat([hex('0100 0400'), encodeCnIdText(SAMPLE_CN_ID), photo]);
    const card = parseReadReply(data);
    expect(card.photo).toEqual(photo);
    expect(card.text.idNumber).toBe('11010519491231002X');
    expect(() => parseReadReply(data.subarray(0, 100))).toThrow(CnIdError);
  });
});

describe('CnIdReader', () => {
  const setup = async (timeoutMs = 500) => {
    const [device, host] = createMemoryPair('cnid');
    const sim = new CnIdSimulator(device);
    const reader = new CnIdReader({ transport: host, responseTimeoutMs: timeoutMs });
    await device.open();
    await reader.open();
    return { sim, reader, device };
  };

  it('finds, selects and reads a card; no card reads as undefined', async () => {
    const { sim, reader } = await setup();
    expect(await reader.samStatus()).toBe(0x90);
    expect(await reader.readCard()).toBeUndefined();
    sim.presentIdDocument({ ...SAMPLE_CN_ID, photo: Buffer.from('WLTDATA') });
    const card = await reader.readCard();
    expect(card?.text).toEqual(SAMPLE_CN_ID);
    expect(card?.photo.subarray(0, 7).toString()).toBe('WLTDATA');
    expect(card?.photo.length).toBe(1024);
  });

  it('times out with a typed error when the reader is silent', async () => {
    const { reader, device } = await setup(30);
    device.removeAllListeners('data');
    await expect(reader.samStatus()).rejects.toMatchObject({ code: 'timeout' });
  });

  it('polls: one read per card placed, then removal', async () => {
    const { sim, reader } = await setup();
    const events: string[] = [];
    reader.on('idCardRead', (e) => events.push(`read ${e.card.text.idNumber}`));
    reader.on('idCardRemoved', (e) => events.push(`removed ${e.idNumber}`));
    sim.presentIdDocument(SAMPLE_CN_ID);
    reader.startPolling(5);
    await new Promise((r) => setTimeout(r, 60));
    sim.removeCard();
    await new Promise((r) => setTimeout(r, 60));
    reader.stopPolling();
    expect(events).toEqual(['read 11010519491231002X', 'removed 11010519491231002X']);
  });
});
