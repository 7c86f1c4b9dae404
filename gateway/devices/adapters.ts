/** One factory from a device's configured driver to the driver class that speaks its protocol. */
import {
  CnIdReader,
  Em4100Reader,
  Pn532,
  Scanner,
  type CardPresented,
  type CardRemoved,
  type CnIdCardRead,
  type TextScanned,
  type Timers,
  type Transport,
} from '../../drivers/index.js';
import type { DeviceDriver } from '../contract/index.js';

export interface DriverListeners {
  cardPresented(event: CardPresented): void;
  cardRemoved(event: CardRemoved): void;
  textScanned(event: TextScanned): void;
  idCardRead(event: CnIdCardRead): void;
  /** Bytes the parser dropped, or a poll that failed: counted in health, never fatal. */
  fault(detail: string): void;
}

export interface DriverAdapter {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Present when the device is a PN532 (reader and encoder). */
  pn532?: Pn532;
  /** Present when the device is a Chinese ID card reader. */
  cnid?: CnIdReader;
}

const POLL_MS = { pn532: 300, cnid: 500 } as const;

export function createAdapter(driver: DeviceDriver, transport: Transport, on: DriverListeners, timers: Timers): DriverAdapter {
  switch (driver) {
    case 'em4100':
    case 'ascii-line': {
      const reader = new Em4100Reader({ transport, format: driver === 'em4100' ? 'rdm6300' : 'ascii-line', timers });
      reader.on('cardPresented', on.cardPresented).on('cardRemoved', on.cardRemoved).on('frameError', (e) => on.fault(e.message));
      return { open: () => reader.open(), close: () => reader.close() };
    }
    case 'serial-scanner':
    case 'wedge':
    case 'hid-pos': {
      const mode = driver === 'serial-scanner' ? 'serial' : driver;
      const scanner = new Scanner({ transport, mode, timers });
      scanner.on('scan', on.textScanned).on('frameError', (e) => on.fault(e.message));
      return { open: () => scanner.open(), close: () => scanner.close() };
    }
    case 'pn532': {
      const pn532 = new Pn532({ transport, timers });
      pn532.on('cardPresented', on.cardPresented).on('cardRemoved', on.cardRemoved).on('frameError', (e) => on.fault(e.message));
      return {
        pn532,
        open: async () => {
          await pn532.open();
          pn532.startPolling(POLL_MS.pn532);
        },
        close: () => pn532.close(),
      };
    }
    case 'cnid': {
      const cnid = new CnIdReader({ transport, timers });
      cnid.on('idCardRead', on.idCardRead).on('frameError', (e) => on.fault(e.message));
      return {
        cnid,
        open: async () => {
          await cnid.open();
          cnid.startPolling(POLL_MS.cnid);
        },
        close: () => cnid.close(),
      };
    }
    default:
      throw new Error(`no driver for ${String(driver satisfies never)}`);
  }
}
