/**
 * Device benchmarks: frames decoded per second per codec (against a plain Buffer copy of the same bytes), and the
 * PN532 credential encode in round trips and bytes against the protocol minimum.
 */
import { Bench } from 'tinybench';
import {
  BootKeyboardDecoder,
  CnIdParser,
  Em4100Parser,
  HidPosDecoder,
  LineParser,
  Pn532,
  Pn532Parser,
  Pn532Simulator,
  createMemoryPair,
  encodeCredential,
  encodeEm4100,
  encodeHidPosReports,
  pn532Frame,
  cnidFrame,
} from '../drivers/index.js';
import type { Figure } from './report.js';

const FRAMES = 1000;

function stream(frame: Buffer, count = FRAMES): Buffer {
  return Buffer.concat(Array.from({ length: count }, () => frame));
}

interface Codec {
  name: string;
  bytes: Buffer[];
  decode(chunks: Buffer[]): number;
}

function codecs(): Codec[] {
  const em = stream(encodeEm4100('62E3086CED'));
  const line = stream(Buffer.from('62E3086CED\r\n'));
  const pn = stream(pn532Frame.encodePn532(0xd5, Buffer.from('4b01' + '01' + '0004' + '08' + '04' + 'deadbeef', 'hex') /* InListPassiveTarget reply: 1 target, ATQA 0004, SAK 08, UID DEADBEEF */));
  const cn = stream(cnidFrame.encodeCnIdReply(0x90, Buffer.alloc(1288, 0x20)), 100);
  const keyboard = Array.from({ length: FRAMES }, (_, i) => Buffer.from([i % 2 ? 0x02 : 0, 0, i % 2 ? 0 : 0x04 + (i % 26), 0, 0, 0, 0, 0]));
  const hidPos = Array.from({ length: FRAMES / 10 }, () => encodeHidPosReports('001090123456|012345678|NGUYEN VAN A|01011990|Nam|Q1|15042021')).flat();
  const count = <T>(out: T[]) => out.length;
  return [
    { name: 'EM4100 (RDM6300)', bytes: [em], decode: ([b]) => count(new Em4100Parser().push(b!)) },
    { name: 'ASCII-line reader', bytes: [line], decode: ([b]) => count(new LineParser().push(b!)) },
    { name: 'PN532 frames', bytes: [pn], decode: ([b]) => count(new Pn532Parser().push(b!)) },
    { name: 'GA 467 ID reader (1295-byte replies)', bytes: [cn], decode: ([b]) => count(new CnIdParser().push(b!)) },
    {
      name: 'HID boot keyboard reports',
      bytes: keyboard,
      decode: (reports) => {
        const decoder = new BootKeyboardDecoder({ maxLength: 64 });
        let n = 0;
        for (const r of reports) n += decoder.push(r).length + 1;
        return n;
      },
    },
    {
      name: 'HID-POS reports',
      bytes: hidPos,
      decode: (reports) => {
        const decoder = new HidPosDecoder({ maxBytes: 512 });
        let n = 0;
        for (const r of reports) {
          decoder.push(r);
          n++;
        }
        return n;
      },
    },
  ];
}

export async function codecFigures(quick: boolean): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const codec of codecs()) {
    const frames = codec.decode(codec.bytes);
    const bench = new Bench({ time: quick ? 150 : 1000, warmupTime: quick ? 30 : 200 });
    bench.add('decode', () => codec.decode(codec.bytes));
    bench.add('copy', () => codec.bytes.map((b) => Buffer.from(b)));
    await bench.run();
    const [decode, copy] = bench.tasks.map((t) => t.result as { throughput: { mean: number; p50?: number } });
    const perSecond = (decode!.throughput.mean ?? 0) * frames;
    const baseline = (copy!.throughput.mean ?? 0) * frames;
    figures.push({ group: 'codecs', name: `decode ${codec.name}`, value: perSecond, unit: 'frames/s', baseline, baselineName: 'Buffer copy of the same bytes', target: null });
  }
  return figures;
}

/** Encodes one credential on a simulated PN532 + MIFARE Classic 1K and counts what went over the wire. */
export async function encodeFigures(): Promise<Figure[]> {
  const [deviceEnd, hostEnd] = createMemoryPair('bench-pn532');
  const simulator = new Pn532Simulator(deviceEnd);
  const pn532 = new Pn532({ transport: hostEnd });
  await deviceEnd.open();
  await pn532.open();
  simulator.presentCard('DEADBEEF');
  let bytesToCard = 0;
  deviceEnd.on('data', (chunk: Buffer) => {
    bytesToCard += chunk.length;
  });
  const result = await encodeCredential(pn532, {
    sector: 1,
    keyA: 'A0A1A2A3A4A5',
    keyB: 'B0B1B2B3B4B5',
    accessBits: '7F0788',
    credentialBlock: '46470001000000420000000000000000',
  });
  await pn532.close();
  await simulator.close();
  return [
    { group: 'pn532', name: 'credential encode (detect, auth, write block + trailer, verify): round trips', value: result.roundTrips, unit: 'round trips', baseline: result.protocolMinimum, baselineName: 'protocol minimum', target: { op: '<=', value: 1.25 * result.protocolMinimum } },
    { group: 'pn532', name: 'credential encode: bytes host → PN532', value: bytesToCard, unit: 'bytes', baseline: null, baselineName: null, target: null },
  ];
}
