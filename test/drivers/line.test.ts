import { describe, expect, it } from 'vitest';
import { LineParser } from '../../drivers/line/parser.js';
import type { FrameError } from '../../drivers/util/frame-error.js';

/** 'E3086CED\r\n' */
const LINE_CRLF = Buffer.from('E3086CED\r\n');
/** UTF-8 QR text 'Nữ\n' (Vietnamese diacritic, 2-byte sequence) */
const LINE_UTF8 = Buffer.from('Nữ\n', 'utf8');

const run = (chunks: Uint8Array[], max?: number) => {
  const errors: FrameError[] = [];
  const p = new LineParser({ maxLineBytes: max, onError: (e) => errors.push(e) });
  return { lines: chunks.flatMap((c) => p.push(c)), errors, p };
};

describe('LineParser', () => {
  it('joins a line split across chunks, including a split CRLF and a split UTF-8 character', () => {
    expect(run([LINE_CRLF.subarray(0, 9), LINE_CRLF.subarray(9)]).lines).toEqual(['E3086CED']);
    expect(run([LINE_UTF8.subarray(0, 2), LINE_UTF8.subarray(2)]).lines).toEqual(['Nữ']);
  });

  it('emits two lines from one chunk and accepts CR, LF and CRLF', () => {
    expect(run([Buffer.from('A1\rB2\nC3\r\n')]).lines).toEqual(['A1', 'B2', 'C3']);
  });

  it('skips blank lines (leading noise)', () => {
    expect(run([Buffer.from('\r\n\r\n  \r\nX\r\n')]).lines).toEqual(['X']);
  });

  it('reports invalid UTF-8 instead of guessing', () => {
    const { lines, errors } = run([Buffer.of(0xff, 0xfe, 0x0a), Buffer.from('ok\n')]);
    expect(lines).toEqual(['ok']);
    expect(errors[0]?.code).toBe('bad-format');
  });

  it('drops an over-long line and keeps its buffer bounded', () => {
    const { lines, errors, p } = run([Buffer.alloc(100, 0x41), Buffer.alloc(100, 0x41), Buffer.from('\nok\n')], 64);
    expect(lines).toEqual(['ok']);
    expect(errors[0]?.code).toBe('overflow');
    expect(p.buffered).toBe(0);
  });

  it('keeps a truncated line until its end arrives', () => {
    const { lines, p } = run([Buffer.from('E308')]);
    expect(lines).toEqual([]);
    expect(p.buffered).toBe(4);
  });
});
