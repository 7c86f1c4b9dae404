import type { KeyboardLayout } from '../hid/layout.js';
import { SerialTransport } from '../transport/serial.js';
import type { Transport } from '../transport/types.js';
import type { Timers } from '../util/timers.js';
import { SimulatorError, type Simulator, type SimulatorKind } from './base.js';
import { CnIdSimulator } from './cnid.js';
import { Em4100Simulator } from './em4100.js';
import { Pn532Simulator } from './pn532.js';
import { assertTransport, HidPosSimulator, SerialScannerSimulator, WedgeSimulator } from './text-devices.js';

export * from './base.js';
export { CnIdSimulator } from './cnid.js';
export { Em4100Simulator, type Em4100SimulatorOptions } from './em4100.js';
export { MifareClassicCard } from './mifare-card.js';
export { Pn532Simulator, type Pn532SimulatorOptions } from './pn532.js';
export { HidPosSimulator, SerialScannerSimulator, WedgeSimulator } from './text-devices.js';
export { runSimulatorCommand, runSimulatorScript, SCRIPT_HELP } from './script.js';
export { SAMPLE_CCCD_QR, SAMPLE_CN_ID, SAMPLE_MRZ_TD3 } from './samples.js';

export const SIMULATOR_KINDS: readonly SimulatorKind[] = ['em4100', 'ascii-line', 'pn532', 'cnid', 'wedge', 'hid-pos', 'serial-scanner'];

/** Default line speed per device (ignored on pseudo-terminals). */
export const DEFAULT_BAUD: Record<SimulatorKind, number> = {
  em4100: 9600,
  'ascii-line': 9600,
  pn532: 115200,
  cnid: 115200,
  wedge: 0,
  'hid-pos': 0,
  'serial-scanner': 9600,
};

export interface SimulatorOptions {
  baudRate?: number;
  timers?: Timers;
  /** EM4100: repeat interval while a card is held (ms). */
  repeatMs?: number;
  /** Wedge: the keyboard layout to type in. */
  layout?: KeyboardLayout;
  /** PN532: firmware bytes for GetFirmwareVersion. */
  firmware?: Uint8Array;
}

/**
 * Start a simulated device on `target`: a serial port path (the other end of a socat pair, for serial devices)
 * or a Transport (for HID devices, an in-memory pair). The port is opened before this resolves.
 */
export async function createSimulator(kind: SimulatorKind, target: string | Transport, options: SimulatorOptions = {}): Promise<Simulator> {
  if (!SIMULATOR_KINDS.includes(kind)) throw new SimulatorError('bad-argument', `unknown simulator ${JSON.stringify(kind)}`);
  const transport =
    typeof target === 'string' && kind !== 'wedge' && kind !== 'hid-pos'
      ? new SerialTransport({ path: target, baudRate: options.baudRate ?? DEFAULT_BAUD[kind], lock: false })
      : assertTransport(target, kind);
  const sim = build(kind, transport, options);
  await transport.open();
  return sim;
}

function build(kind: SimulatorKind, transport: Transport, options: SimulatorOptions): Simulator {
  switch (kind) {
    case 'em4100':
    case 'ascii-line':
      return new Em4100Simulator(transport, { format: kind === 'em4100' ? 'rdm6300' : 'ascii-line', repeatMs: options.repeatMs, timers: options.timers });
    case 'pn532':
      return new Pn532Simulator(transport, options.firmware ? { firmware: options.firmware } : {});
    case 'cnid':
      return new CnIdSimulator(transport);
    case 'wedge':
      return new WedgeSimulator(transport, options.layout);
    case 'hid-pos':
      return new HidPosSimulator(transport);
    case 'serial-scanner':
      return new SerialScannerSimulator(transport);
  }
}
