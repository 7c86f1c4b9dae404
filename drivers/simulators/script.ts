import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { hex } from '../util/bytes.js';
import { SimulatorError, type IdDocumentSpec, type Simulator } from './base.js';
import { SAMPLE_CCCD_QR, SAMPLE_CN_ID, SAMPLE_MRZ_TD3 } from './samples.js';

export const SCRIPT_HELP = `commands:
  present <uid-hex>      put a card on the reader (EM4100: 5 bytes, MIFARE: 4 bytes)
  remove                 take the card away
  id <json>|sample       put a Chinese ID card on the reader ({"name":…,"idNumber":…} as on the chip)
  scan <text>|cccd|mrz   scan a barcode / QR (rest of the line, verbatim; "\\n" for a newline)
  garbage <hex>          send raw bytes (e.g. garbage 0102ff)
  help`;

/**
 * Run one line of the simulator script language against a simulator. Returns a short confirmation;
 * throws SimulatorError for unknown commands, bad arguments or actions the device does not support.
 */
export function runSimulatorCommand(sim: Simulator, line: string): string {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return '';
  const space = trimmed.indexOf(' ');
  const verb = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const arg = space < 0 ? '' : line.trimStart().slice(space + 1);
  switch (verb) {
    case 'present':
      if (!arg.trim()) throw new SimulatorError('bad-argument', 'present needs a UID');
      sim.presentCard(arg.trim());
      return `presented ${arg.trim().toUpperCase()}`;
    case 'remove':
      sim.removeCard();
      return 'removed';
    case 'id': {
      let doc: IdDocumentSpec;
      try {
        doc = arg.trim() === 'sample' || arg.trim() === '' ? SAMPLE_CN_ID : (JSON.parse(arg) as IdDocumentSpec);
      } catch {
        throw new SimulatorError('bad-argument', 'id needs JSON or "sample"');
      }
      sim.presentIdDocument(doc);
      return `presented ID ${doc.idNumber}`;
    }
    case 'scan': {
      const text = arg.trim() === 'cccd' ? SAMPLE_CCCD_QR : arg.trim() === 'mrz' ? SAMPLE_MRZ_TD3 : arg.replace(/\\n/g, '\n');
      if (!text) throw new SimulatorError('bad-argument', 'scan needs text');
      sim.scan(text);
      return `scanned ${text.length} characters`;
    }
    case 'garbage': {
      let bytes: Buffer;
      try {
        bytes = hex(arg);
      } catch {
        throw new SimulatorError('bad-argument', 'garbage needs hex bytes');
      }
      sim.injectGarbage(bytes);
      return `sent ${bytes.length} bytes`;
    }
    case 'help':
      return SCRIPT_HELP;
    default:
      throw new SimulatorError('bad-command', `unknown command ${JSON.stringify(verb)} (try help)`);
  }
}

/**
 * Drive a simulator from a line stream (a script file or the keyboard). Each line's result is written to
 * `output` as `ok <message>` or `error <code>: <message>`; resolves when the input ends.
 */
export async function runSimulatorScript(sim: Simulator, input: Readable, output?: Writable): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    try {
      const message = runSimulatorCommand(sim, line);
      if (message) output?.write(`ok ${message}\n`);
    } catch (err) {
      output?.write(err instanceof SimulatorError ? `error ${err.message}\n` : `error ${(err as Error).message}\n`);
    }
  }
}
