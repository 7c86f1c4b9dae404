import { describe, expect, it } from 'vitest';
import { ACK_FRAME, decodePn532, encodeCommand, encodePn532, encodeResponse, ERROR_FRAME, NACK_FRAME, WAKEUP, type Pn532Frame } from '../../drivers/pn532/frame.js';
import { Pn532Parser } from '../../drivers/pn532/parser.js';
import { hex } from '../../drivers/util/bytes.js';
import type { FrameError } from '../../drivers/util/frame-error.js';

/** Frames libnfc sends (PROTOCOLS.md). */
const SAM_CONFIGURATION_REQ = hex('0000ff03fdd4140117 00'); // D4 14 01
const INLIST_PASSIVE_TARGET_REQ = hex('0000ff04fcd44a0100e100'); // D4 4A 01 00
const AUTH_BLOCK4_KEYA_REQ = hex('0000ff0ff1d440016004ffffffffffffdeadbeef5500'); // D4 40 01 60 04 FF×6 DE AD BE EF
/** D5 03 32 01 06 07: PN532 v1.6. */
const FIRMWARE_RES = hex('0000ff06fad50332010607e800');
/** D5 4B 01 01 00 04 08 04 DE AD BE EF: one MIFARE Classic 1K, UID DEADBEEF. */
const INLIST_ONE_CARD_RES = hex('0000ff0cf4d54b010100040804deadbeef9600');

const parse = (chunks: Uint8Array[]) => {
  const errors: FrameError[] = [];
  const parser = new Pn532Parser((e) => errors.push(e));
  const frames = chunks.flatMap((c) => parser.push(c));
  return { frames, errors, parser };
};
const data = (f: Pn532Frame | undefined) => (f?.type === 'data' ? f.data.toString('hex') : f?.type);

describe('PN532 frame codec', () => {
  it('encodes the frames libnfc sends, byte for byte', () => {
    expect(encodeCommand(0x14, hex('01'))).toEqual(SAM_CONFIGURATION_REQ);
    expect(encodeCommand(0x4a, hex('0100'))).toEqual(INLIST_PASSIVE_TARGET_REQ);
    expect(encodeCommand(0x40, hex('016004ffffffffffffdeadbeef'))).toEqual(AUTH_BLOCK4_KEYA_REQ);
    expect(encodeResponse(0x02, hex('32010607'))).toEqual(FIRMWARE_RES);
  });

  it('decodes ACK, NACK, error and data frames', () => {
    expect(decodePn532(ACK_FRAME)).toEqual({ frame: { type: 'ack' }, length: 6 });
    expect(decodePn532(NACK_FRAME)).toEqual({ frame: { type: 'nack' }, length: 6 });
    expect(decodePn532(ERROR_FRAME).frame).toEqual({ type: 'error' });
    const { frame } = decodePn532(INLIST_ONE_CARD_RES);
    expect(frame).toEqual({ type: 'data', tfi: 0xd5, data: hex('4b010100040804deadbeef'), extended: false });
  });

  it('round-trips extended frames (payload > 255)', () => {
    const payload = Buffer.alloc(260, 0x5a);
    const frame = encodePn532(0xd5, payload);
    expect(frame.subarray(0, 5)).toEqual(hex('0000ffffff'));
    expect(decodePn532(frame).frame).toEqual({ type: 'data', tfi: 0xd5, data: payload, extended: true });
    expect(() => encodePn532(0xd4, Buffer.alloc(300))).toThrow(RangeError);
  });

  it('rejects bad LCS and DCS', () => {
    const badLcs = Buffer.from(FIRMWARE_RES);
    badLcs[4] = 0xfb;
    expect(() => decodePn532(badLcs)).toThrow(expect.objectContaining({ code: 'bad-checksum' }));
    const badDcs = Buffer.from(FIRMWARE_RES);
    badDcs[11] = (badDcs[11] ?? 0) ^ 1;
    expect(() => decodePn532(badDcs)).toThrow(expect.objectContaining({ code: 'bad-checksum' }));
    expect(() => decodePn532(FIRMWARE_RES.subarray(0, 8))).toThrow(expect.objectContaining({ code: 'bad-length' }));
  });
});

describe('PN532 parser', () => {
  it('reassembles a frame split across chunks', () => {
    const { frames } = parse([FIRMWARE_RES.subarray(0, 2), FIRMWARE_RES.subarray(2, 7), FIRMWARE_RES.subarray(7)]);
    expect(frames.map(data)).toEqual(['0332010607']);
  });

  it('emits two frames from one chunk (ACK then response)', () => {
    const { frames } = parse([Buffer.concat([ACK_FRAME, INLIST_ONE_CARD_RES])]);
    expect(frames.map(data)).toEqual(['ack', '4b010100040804deadbeef']);
  });

  it('skips the wake-up preamble and garbage before a frame', () => {
    const { frames, parser } = parse([Buffer.concat([hex('ff 13 37'), WAKEUP, SAM_CONFIGURATION_REQ])]);
    expect(frames.map(data)).toEqual(['1401']);
    expect(parser.buffered).toBe(0);
  });

  it('drops a frame with a bad checksum and keeps the next one', () => {
    const bad = Buffer.from(FIRMWARE_RES);
    bad[8] = (bad[8] ?? 0) ^ 0xff;
    const { frames, errors } = parse([Buffer.concat([bad, ACK_FRAME])]);
    expect(frames.map(data)).toEqual(['ack']);
    expect(errors.map((e) => e.code)).toContain('bad-checksum');
  });

  it('recovers from a truncated frame followed by a complete one', () => {
    const { frames } = parse([INLIST_ONE_CARD_RES.subarray(0, 9), FIRMWARE_RES]);
    expect(frames.map(data)).toEqual(['0332010607']);
  });

  it('waits for the rest of a truncated frame without emitting', () => {
    const { frames, parser } = parse([FIRMWARE_RES.subarray(0, 9)]);
    expect(frames).toEqual([]);
    expect(parser.buffered).toBeLessThanOrEqual(9);
    expect(parse([FIRMWARE_RES.subarray(0, 9), FIRMWARE_RES.subarray(9)]).frames.map(data)).toEqual(['0332010607']);
  });

  it('handles NACK and error frames in a stream', () => {
    const { frames } = parse([Buffer.concat([NACK_FRAME, ERROR_FRAME, ACK_FRAME])]);
    expect(frames.map((f) => f.type)).toEqual(['nack', 'error', 'ack']);
  });
});
