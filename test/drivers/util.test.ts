import { describe, expect, it } from 'vitest';
import { hex, indexOfSeq, normalizeUid, sum8, toHex, xor } from '../../drivers/util/bytes.js';
import { createManualTimers } from '../../drivers/util/timers.js';
import { SerialQueue, Waitress } from '../../drivers/util/waitress.js';

describe('byte helpers', () => {
  it('parses and prints hex', () => {
    expect(toHex(hex('00 0a:FF'))).toBe('000AFF');
    expect(() => hex('abc')).toThrow(TypeError);
    expect(() => hex('zz')).toThrow(TypeError);
    expect(normalizeUid('de:ad:be:ef')).toBe('DEADBEEF');
  });

  it('computes XOR and 8-bit sums', () => {
    expect(xor(hex('62E3086CED'))).toBe(0x08);
    expect(sum8(hex('D44A0100'))).toBe(0x1f);
    expect(indexOfSeq(hex('0000FF00'), [0x00, 0xff])).toBe(1);
  });
});

describe('waitress', () => {
  it('resolves the matching waiter and times out the rest', async () => {
    const timers = createManualTimers();
    const w = new Waitress<number, number>((p, m) => p === m, timers);
    const a = w.waitFor(1, 100, () => new Error('a timeout'));
    const b = w.waitFor(2, 100, () => new Error('b timeout'));
    expect(w.resolve(3)).toBe(false);
    expect(w.resolve(1)).toBe(true);
    await expect(a.promise).resolves.toBe(1);
    timers.advance(100);
    await expect(b.promise).rejects.toThrow('b timeout');
    expect(w.size).toBe(0);
    expect(timers.pending()).toBe(0);
  });

  it('rejects every waiter at once', async () => {
    const w = new Waitress<number, null>(() => true, createManualTimers());
    const a = w.waitFor(null, 10, () => new Error('t'));
    w.rejectAll(new Error('closed'));
    await expect(a.promise).rejects.toThrow('closed');
  });
});

describe('serial queue', () => {
  it('runs jobs one at a time, in order, even after a failure', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const job = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await Promise.resolve();
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([q.run(job('a')), q.run(job('b', true)), q.run(job('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});

describe('ParserStream', () => {
  it('pipes bytes through an incremental parser as an object-mode Transform', async () => {
    const { ParserStream } = await import('../../drivers/util/parser-stream.js');
    const { Em4100Parser } = await import('../../drivers/em4100/parser.js');
    const stream = new ParserStream(new Em4100Parser());
    const frames: unknown[] = [];
    stream.on('data', (f) => frames.push(f));
    const frame = hex('02 36 32 45 33 30 38 36 43 45 44 30 38 03'); // 02 '62E3086CED' '08' 03
    stream.write(frame.subarray(0, 5));
    stream.write(frame.subarray(5));
    stream.end();
    await new Promise((r) => stream.on('end', r));
    expect(frames).toEqual([{ uid: '62E3086CED', checksum: 8 }]);
  });
});
