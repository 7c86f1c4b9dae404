import { toHex } from '../util/bytes.js';
import { Pn532Error, statusToCode } from './errors.js';
import { Command } from './frame.js';
import type { KeyType } from './mifare.js';

export interface FirmwareVersion {
  ic: number;
  version: number;
  revision: number;
  support: number;
}

export interface PassiveTarget {
  tg: number;
  uid: string;
  /** SENS_RES as sent by the PN532, e.g. `0004` for MIFARE Classic 1K. */
  atqa: string;
  sak: number;
}

/** Sends one command and returns the response parameters (after the response code). */
export type Exec = (command: number, params?: Uint8Array, timeoutMs?: number) => Promise<Buffer>;

/** Typed PN532 / MIFARE Classic commands over an `Exec`; each call is exactly one round trip. */
export class Pn532Commands {
  constructor(private readonly exec: Exec) {}

  async getFirmwareVersion(): Promise<FirmwareVersion> {
    const r = await this.exec(Command.GetFirmwareVersion);
    if (r.length < 4) throw new Pn532Error('unexpected-response', `firmware ${toHex(r)}`);
    return { ic: r[0] ?? 0, version: r[1] ?? 0, revision: r[2] ?? 0, support: r[3] ?? 0 };
  }

  /** Look for one ISO 14443A card at 106 kbps (`D4 4A 01 00`); undefined when none. */
  async inListPassiveTarget(): Promise<PassiveTarget | undefined> {
    const r = await this.exec(Command.InListPassiveTarget, Buffer.of(0x01, 0x00));
    if ((r[0] ?? 0) === 0) return undefined;
    const uidLen = r[5] ?? 0;
    if (r.length < 6 + uidLen) throw new Pn532Error('unexpected-response', `InListPassiveTarget ${toHex(r)}`);
    return { tg: r[1] ?? 1, atqa: toHex(r.subarray(2, 4)), sak: r[4] ?? 0, uid: toHex(r.subarray(6, 6 + uidLen)) };
  }

  /** InDataExchange with target `tg`; a non-zero status becomes a Pn532Error. */
  async inDataExchange(tg: number, data: Uint8Array): Promise<Buffer> {
    const r = await this.exec(Command.InDataExchange, Buffer.concat([Buffer.of(tg), data]));
    const status = r[0] ?? 0xff;
    if ((status & 0x3f) !== 0) throw new Pn532Error(statusToCode(status), `InDataExchange status 0x${status.toString(16)}`, status);
    return r.subarray(1);
  }

  /** MIFARE Classic authenticate `60/61 blk KEY(6) UID(4)`. */
  async mifareAuthenticate(tg: number, block: number, keyType: KeyType, key: Uint8Array, uid: Uint8Array): Promise<void> {
    if (key.length !== 6) throw new Pn532Error('invalid-argument', 'key must be 6 bytes');
    await this.inDataExchange(tg, Buffer.concat([Buffer.of(keyType === 'A' ? 0x60 : 0x61, block), key, uid.subarray(-4)]));
  }

  async mifareRead(tg: number, block: number): Promise<Buffer> {
    const data = await this.inDataExchange(tg, Buffer.of(0x30, block));
    if (data.length !== 16) throw new Pn532Error('unexpected-response', `read returned ${data.length} bytes`);
    return data;
  }

  async mifareWrite(tg: number, block: number, data: Uint8Array): Promise<void> {
    if (data.length !== 16) throw new Pn532Error('invalid-argument', 'a block is 16 bytes');
    await this.inDataExchange(tg, Buffer.concat([Buffer.of(0xa0, block), data]));
  }

  async inRelease(tg = 0): Promise<void> {
    await this.exec(Command.InRelease, Buffer.of(tg));
  }
}
