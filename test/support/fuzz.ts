import fc from 'fast-check';
import { encodeCnIdReply } from '../../drivers/cnid/frame.js';
import { CnIdParser } from '../../drivers/cnid/parser.js';
import { encodeEm4100 } from '../../drivers/em4100/frame.js';
import { Em4100Parser } from '../../drivers/em4100/parser.js';
import { encodeHidPosReports, HidPosDecoder } from '../../drivers/hid/hidpos.js';
import { BootKeyboardDecoder } from '../../drivers/hid/keyboard.js';
import { LineParser } from '../../drivers/line/parser.js';
import { encodePn532 } from '../../drivers/pn532/frame.js';
import { Pn532Parser } from '../../drivers/pn532/parser.js';

/**
 * Fuzz bodies per parser, shared by CI (a few thousand runs) and the bench (100,000):
 *   random:  random bytes in random chunks → no exception, buffer bounded
 *   mutated: valid frames with flipped/inserted/deleted bytes → no exception, buffer bounded
 *   resync:  garbage, then a valid frame, then filler that cannot start a frame → the frame comes out
 */
interface Parser<F> {
  push(chunk: Uint8Array): F[];
  readonly buffered: number;
}

interface FuzzTarget<F> {
  make: () => Parser<F>;
  /** A valid frame on the wire and the value the parser must emit for it. */
  frame: fc.Arbitrary<{ bytes: Buffer; expected: unknown }>;
  maxBuffered: number;
  /** Bytes that cannot begin a frame, enough to flush any frame the garbage pretended to start. */
  filler: Buffer;
  normalize?: (frame: F) => unknown;
}

const chunked = (bytes: Buffer, cuts: number[]): Buffer[] => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
};

const mutate = (bytes: Buffer, edits: { kind: number; at: number; value: number }[]): Buffer => {
  let b = Buffer.from(bytes);
  for (const e of edits) {
    const at = b.length ? e.at % b.length : 0;
    if (e.kind === 0) b[at] = e.value;
    else if (e.kind === 1) b = Buffer.concat([b.subarray(0, at), Buffer.of(e.value), b.subarray(at)]);
    else b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
  }
  return b;
};

const edit = fc.record({ kind: fc.integer({ min: 0, max: 2 }), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) });
const cuts = fc.array(fc.nat(), { maxLength: 8 });
const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));

function runTarget<F>(t: FuzzTarget<F>, numRuns: number): void {
  const feed = (p: Parser<F>, chunks: Buffer[]): F[] => {
    const out: F[] = [];
    for (const c of chunks) {
      out.push(...p.push(c));
      if (p.buffered > t.maxBuffered) throw new Error(`buffer grew to ${p.buffered} > ${t.maxBuffered}`);
    }
    return out;
  };
  fc.assert(fc.property(bytes(600), cuts, (data, c) => void feed(t.make(), chunked(data, c))), { numRuns });
  fc.assert(
    fc.property(fc.array(t.frame, { minLength: 1, maxLength: 3 }), fc.array(edit, { maxLength: 4 }), cuts, (frames, edits, c) => {
      feed(t.make(), chunked(mutate(Buffer.concat(frames.map((f) => f.bytes)), edits), c));
    }),
    { numRuns },
  );
  fc.assert(
    fc.property(bytes(64), t.frame, cuts, (garbage, frame, c) => {
      const out = feed(t.make(), chunked(Buffer.concat([garbage, t.filler, frame.bytes, t.filler]), c));
      const seen = out.map((f) => (t.normalize ? t.normalize(f) : f));
      if (!seen.some((f) => JSON.stringify(f) === JSON.stringify(frame.expected))) {
        throw new Error(`frame lost after garbage: ${JSON.stringify(frame.expected)} not in ${JSON.stringify(seen)}`);
      }
    }),
    { numRuns },
  );
}

const em4100: FuzzTarget<{ uid: string }> = {
  make: () => new Em4100Parser(),
  frame: fc.uint8Array({ minLength: 5, maxLength: 5 }).map((u) => {
    const b = encodeEm4100(u);
    return { bytes: b, expected: Buffer.from(u).toString('hex').toUpperCase() };
  }),
  maxBuffered: 14,
  filler: Buffer.alloc(14, 0x00),
  normalize: (f) => f.uid,
};

const line: FuzzTarget<string> = {
  make: () => new LineParser({ maxLineBytes: 256 }),
  frame: fc.stringMatching(/^[A-Za-z0-9|.,À-ỹ一-龥 ]{1,60}$/).filter((s) => s.trim().length > 0).map((s) => ({ bytes: Buffer.from(`${s}\r\n`), expected: s })),
  maxBuffered: 256,
  filler: Buffer.from('\n'),
};

const pn532: FuzzTarget<unknown> = {
  make: () => new Pn532Parser(),
  frame: fc.tuple(fc.constantFrom(0xd4, 0xd5), fc.uint8Array({ minLength: 1, maxLength: 300 })).map(([tfi, data]) => ({
    bytes: encodePn532(tfi, data),
    expected: { type: 'data', tfi, data: Buffer.from(data).toJSON(), extended: data.length + 1 > 255 },
  })),
  maxBuffered: 2 * 280,
  filler: Buffer.alloc(280, 0x55),
  normalize: (f) => JSON.parse(JSON.stringify(f)),
};

const cnid: FuzzTarget<{ body: Buffer }> = {
  make: () => new CnIdParser(),
  frame: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 1300 })).map(([sw3, data]) => ({
    bytes: encodeCnIdReply(sw3, data),
    expected: Buffer.concat([Buffer.of(0, 0, sw3), data]).toString('hex'),
  })),
  maxBuffered: 0x1000 + 8,
  filler: Buffer.alloc(0x1000 + 8, 0x00),
  normalize: (f) => f.body.toString('hex'),
};

/** Report decoders take whole reports: fuzz them with random and mutated reports. */
function runReports(make: () => { push(r: Uint8Array): unknown[] }, valid: fc.Arbitrary<Buffer[]>, numRuns: number): void {
  fc.assert(fc.property(fc.array(bytes(70), { maxLength: 20 }), (reports) => void reports.forEach((r) => make().push(r))), { numRuns });
  fc.assert(
    fc.property(valid, fc.array(edit, { maxLength: 4 }), (reports, edits) => {
      const d = make();
      for (const r of reports) d.push(mutate(r, edits));
    }),
    { numRuns },
  );
}

export const FUZZ_TARGETS: Readonly<Record<string, (numRuns: number) => void>> = Object.freeze({
  em4100: (n: number) => runTarget(em4100, n),
  line: (n: number) => runTarget(line, n),
  pn532: (n: number) => runTarget(pn532, n),
  cnid: (n: number) => runTarget(cnid, n),
  bootKeyboard: (n: number) =>
    runReports(() => new BootKeyboardDecoder({ maxLength: 64 }), fc.array(fc.uint8Array({ minLength: 8, maxLength: 8 }).map((a) => Buffer.from(a)), { maxLength: 20 }), n),
  hidPos: (n: number) =>
    runReports(() => new HidPosDecoder({ maxBytes: 512 }), fc.string({ maxLength: 200 }).map((s) => encodeHidPosReports(s)), n),
});
