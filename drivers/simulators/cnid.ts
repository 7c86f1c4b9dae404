import { CnIdParser } from '../cnid/parser.js';
import { encodeCnIdReply, Sw3 } from '../cnid/frame.js';
import { encodeCnIdText, PHOTO_SIZE } from '../cnid/text.js';
import type { Transport } from '../transport/types.js';
import { BaseSimulator, SimulatorError, type IdDocumentSpec } from './base.js';

/** A GA 467 SAM reader with an optional ID card on it. */
export class CnIdSimulator extends BaseSimulator {
  readonly kind = 'cnid' as const;
  private card: { text: Buffer; photo: Buffer } | undefined;
  private selected = false;
  private readonly parser = new CnIdParser();

  constructor(transport: Transport) {
    super(transport);
    transport.on('data', (chunk) => {
      for (const frame of this.parser.push(chunk)) this.send(this.answer(frame.body));
    });
  }

  override presentIdDocument(doc: IdDocumentSpec): void {
    let text: Buffer;
    try {
      text = encodeCnIdText(doc);
    } catch (err) {
      throw new SimulatorError('bad-argument', (err as Error).message);
    }
    const photo = Buffer.alloc(PHOTO_SIZE);
    if (doc.photo) Buffer.from(doc.photo).copy(photo);
    else photo.write('WLT-SIMULATED', 'latin1');
    this.card = { text, photo };
    this.selected = false;
  }

  override removeCard(): void {
    this.card = undefined;
    this.selected = false;
  }

  private answer(body: Buffer): Buffer {
    const cmd = ((body[0] ?? 0) << 8) | (body[1] ?? 0);
    switch (cmd) {
      case 0x10ff: // reset SAM
      case 0x11ff: // SAM status
        return encodeCnIdReply(Sw3.Ok);
      case 0x12ff: // SAM id: 16 bytes
        return encodeCnIdReply(Sw3.Ok, Buffer.from('0501000000000000SIMULATOR0000000', 'latin1').subarray(0, 16));
      case 0x2001:
        return this.card ? encodeCnIdReply(Sw3.CardFound, Buffer.alloc(4)) : encodeCnIdReply(Sw3.FindFailed);
      case 0x2002:
        if (!this.card) return encodeCnIdReply(Sw3.SelectFailed);
        this.selected = true;
        return encodeCnIdReply(Sw3.Ok, Buffer.alloc(8));
      case 0x3001: {
        if (!this.card || !this.selected) return encodeCnIdReply(Sw3.ReadFailed);
        const lengths = Buffer.of(this.card.text.length >> 8, this.card.text.length & 0xff, this.card.photo.length >> 8, this.card.photo.length & 0xff);
        return encodeCnIdReply(Sw3.Ok, Buffer.concat([lengths, this.card.text, this.card.photo]));
      }
      case 0x3003:
        return encodeCnIdReply(Sw3.NoContent);
      default:
        return encodeCnIdReply(Sw3.Command);
    }
  }
}
