import { ACK_FRAME, Command, encodeResponse, ERROR_FRAME, TFI_HOST } from '../pn532/frame.js';
import { Pn532Parser } from '../pn532/parser.js';
import type { Transport } from '../transport/types.js';
import { hex } from '../util/bytes.js';
import { BaseSimulator } from './base.js';
import { MifareClassicCard, STATUS_TIMEOUT, type CardResult } from './mifare-card.js';

export interface Pn532SimulatorOptions {
  /** Firmware reported by GetFirmwareVersion (default PN532 v1.6, `32 01 06 07`). */
  firmware?: Uint8Array;
}

const STATUS_CONTEXT = 0x27; // "command not acceptable in the current context"

/**
 * A PN532 on HSU with an optional MIFARE Classic 1K card in its field. Answers every host frame with an ACK and
 * a response, like the chip: enough of the command set for libnfc (nfc-list, nfc-mfclassic, pn53x-tamashell)
 * and for our driver. Test hooks: `onCommand` (see each command), `mute` (stop answering), `ackOnly` (acknowledge but
 * never answer), `nackNext`.
 */
export class Pn532Simulator extends BaseSimulator {
  readonly kind = 'pn532' as const;
  card: MifareClassicCard | undefined;
  /** Cards seen before, so removing and presenting a UID again keeps its contents. */
  readonly wallet = new Map<string, MifareClassicCard>();
  /** When true the chip neither ACKs nor answers (host timeout tests). */
  mute = false;
  /** When true the chip ACKs each command but never answers it, as if still working on it (host response timeouts). */
  ackOnly = false;
  /** Answer the next host frame with a NACK instead of ACK + response. */
  nackNext = 0;
  /** Called with each host command (`D4` stripped: command code + params) before it is answered. */
  onCommand: ((command: Buffer) => void) | undefined;
  private readonly parser = new Pn532Parser();
  private selected = false;
  private readonly registers = new Map<number, number>();
  private lastResponse: Buffer | undefined;

  constructor(
    transport: Transport,
    private readonly options: Pn532SimulatorOptions = {},
  ) {
    super(transport);
    transport.on('data', (chunk) => {
      for (const frame of this.parser.push(chunk)) {
        if (frame.type === 'nack' && this.lastResponse) this.send(this.lastResponse);
        if (frame.type !== 'data' || frame.tfi !== TFI_HOST) continue; // host ACK = abort: nothing running to abort
        this.onCommand?.(frame.data);
        if (this.mute) continue;
        if (this.nackNext > 0) {
          this.nackNext--;
          this.send(hex('0000ffff0000'));
          continue;
        }
        if (this.ackOnly) {
          this.send(ACK_FRAME);
          continue;
        }
        const response = this.handle(frame.data);
        this.lastResponse = response;
        this.send(Buffer.concat([ACK_FRAME, response]));
      }
    });
  }

  /** Put a card in the field: a known UID brings back its stored contents. */
  override presentCard(uid: string | MifareClassicCard): void {
    const card = typeof uid === 'string' ? new MifareClassicCard(uid) : uid;
    const key = card.uid.toString('hex').toUpperCase();
    const known = typeof uid === 'string' ? this.wallet.get(key) : undefined;
    this.card = known ?? card;
    this.wallet.set(key, this.card);
    this.card.select();
    this.selected = false;
  }

  /** The PN532 still believes the target is selected, so the next InDataExchange times out (status 01). */
  override removeCard(): void {
    this.card = undefined;
  }

  private handle(data: Buffer): Buffer {
    const cmd = data[0] ?? 0;
    const p = data.subarray(1);
    const reply = (params: Uint8Array = Buffer.alloc(0)): Buffer => encodeResponse(cmd, params);
    switch (cmd) {
      case Command.Diagnose:
        return reply(p[0] === 0x00 ? p : Buffer.of(0x00)); // communication line test echoes its data
      case Command.GetFirmwareVersion:
        return reply(this.options.firmware ?? Buffer.of(0x32, 0x01, 0x06, 0x07));
      case Command.GetGeneralStatus:
        return reply(Buffer.of(0x00, 0x00, this.selected ? 0x01 : 0x00, ...(this.selected ? [0x01, 0x00, 0x00, 0x00] : []), 0x00));
      case Command.ReadRegister: {
        const values: number[] = [];
        for (let i = 0; i + 1 < p.length; i += 2) values.push(this.registers.get(((p[i] ?? 0) << 8) | (p[i + 1] ?? 0)) ?? 0x00);
        return reply(Buffer.from(values));
      }
      case Command.WriteRegister:
        for (let i = 0; i + 2 < p.length; i += 3) this.registers.set(((p[i] ?? 0) << 8) | (p[i + 1] ?? 0), p[i + 2] ?? 0);
        return reply();
      case Command.ReadGPIO:
        return reply(Buffer.of(0xff, 0xff, 0x00));
      case Command.PowerDown:
      case Command.InDeselect:
      case Command.InRelease:
        if (cmd !== Command.PowerDown) this.selected = false;
        if (cmd === Command.InDeselect) this.card?.halt(); // HLTA; InListPassiveTarget (WUPA) wakes it
        return reply(Buffer.of(0x00));
      case Command.InSelect:
        return reply(Buffer.of(this.selected ? 0x00 : STATUS_CONTEXT));
      case Command.InListPassiveTarget:
        return reply(this.listPassive(p));
      case Command.InAutoPoll:
        return reply(this.autoPoll());
      case Command.InDataExchange:
        return reply(this.dataExchange(p));
      case Command.InCommunicateThru:
      case Command.InJumpForDEP:
      case Command.InJumpForPSL:
      case Command.InATR:
      case Command.InPSL:
        return reply(Buffer.of(STATUS_TIMEOUT)); // MIFARE Classic speaks neither ISO-DEP nor NFC-DEP
      case Command.WriteGPIO:
      case Command.SetSerialBaudRate:
      case Command.SetParameters:
      case Command.SAMConfiguration:
      case Command.RFConfiguration:
        return reply();
      default:
        return ERROR_FRAME;
    }
  }

  private listPassive(p: Buffer): Buffer {
    const brTy = p[1] ?? 0;
    const card = this.card;
    const initUid = p.subarray(2);
    if (brTy !== 0x00 || !card || (initUid.length > 0 && !initUid.equals(card.uid))) return Buffer.of(0x00);
    card.select();
    this.selected = true;
    return Buffer.concat([Buffer.of(0x01, 0x01), card.atqa, Buffer.of(card.sak, card.uid.length), card.uid]);
  }

  private autoPoll(): Buffer {
    const card = this.card;
    if (!card) return Buffer.of(0x00);
    card.select();
    this.selected = true;
    const target = Buffer.concat([Buffer.of(0x01), card.atqa, Buffer.of(card.sak, card.uid.length), card.uid]);
    return Buffer.concat([Buffer.of(0x01, 0x10, target.length), target]);
  }

  private dataExchange(p: Buffer): Buffer {
    const card = this.card;
    if (!this.selected) return Buffer.of(STATUS_CONTEXT);
    if (!card || card.halted) return Buffer.of(STATUS_TIMEOUT); // a halted card stays silent until selected again
    const op = p[1];
    const block = p[2] ?? 0;
    let result: CardResult;
    if ((op === 0x60 || op === 0x61) && p.length >= 13) {
      result = card.authenticate(block, op === 0x60 ? 'A' : 'B', p.subarray(3, 9), p.subarray(9, 13));
    } else if (op === 0x30 && p.length === 3) result = card.read(block);
    else if (op === 0xa0 && p.length === 19) result = card.write(block, p.subarray(3, 19));
    else result = { ok: false, status: 0x14 };
    if (!result.ok) return Buffer.of(result.status);
    return Buffer.concat([Buffer.of(0x00), result.data ?? Buffer.alloc(0)]);
  }
}
