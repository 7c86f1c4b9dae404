/**
 * Visitor cards: a card from the desk pool (tapped on the desk reader) or a blank MIFARE card written on a PN532
 * encoder. The card is activated for the visit's floors (plus common areas) until the visit's end, in the same
 * transaction that links it to the visit. An encode that fails leaves nothing active and says why.
 */
import { createHmac } from 'node:crypto';
import { writeAudit } from '../../db/audit.js';
import * as cards from '../../db/cards.js';
import { transaction } from '../../db/connection.js';
import * as visits from '../../db/visits.js';
import type { CredentialRequest } from '../../drivers/pn532/encoder.js';
import type { CardRegister, CardView, VisitCardRequest } from '../contract/index.js';
import type { Ctx } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import type { CardService } from './cards.js';
import type { DeviceService } from './devices.js';
import type { VisitService } from './visits.js';

/** Sector 1 holds the FrontGate credential; keys are derived from the site key so every encoder agrees. */
const CREDENTIAL_SECTOR = 1;
/** Key A reads the data blocks, key B writes them and the trailer. */
const ACCESS_BITS = '7F0788';

export function visitorCredential(siteKey: Buffer, ref: string, validUntil: number): Pick<CredentialRequest, 'sector' | 'keyA' | 'keyB' | 'accessBits' | 'credentialBlock'> {
  const derive = (label: string) => createHmac('sha256', siteKey).update(label).digest();
  const block = Buffer.alloc(16);
  block.write('FGV1', 0, 'ascii');
  derive(`visit:${ref}`).copy(block, 4, 0, 8);
  block.writeUInt32BE(Math.floor(validUntil / 1000), 12);
  return {
    sector: CREDENTIAL_SECTOR,
    keyA: derive('mifare-key-a').subarray(0, 6).toString('hex').toUpperCase(),
    keyB: derive('mifare-key-b').subarray(0, 6).toString('hex').toUpperCase(),
    accessBits: ACCESS_BITS,
    credentialBlock: block.toString('hex').toUpperCase(),
  };
}

/** Zones a visitor card opens: the floor zones of the destination floors and every common area. */
function visitorZoneIds(ctx: Ctx, floors: number[]): number[] {
  const placeholders = floors.map(() => '?').join(', ');
  const sql = floors.length > 0 ? `SELECT id FROM access_zones WHERE kind = 'common' OR (kind = 'floor' AND floor IN (${placeholders}))` : "SELECT id FROM access_zones WHERE kind = 'common'";
  return (ctx.db.sqlite.prepare(sql).all(...floors) as { id: number }[]).map((z) => z.id);
}

export class VisitCardIssuer {
  constructor(
    private readonly deps: { visits: VisitService; cards: CardService; devices: DeviceService; siteKey: Buffer },
  ) {}

  #checkVisit(ctx: Ctx, id: number, now: number): visits.VisitRecord {
    const visit = visits.getVisit(ctx.db, id);
    if (!visit) throw notFound('visit');
    if (visit.status === 'blocked') throw new ApiError(409, 'visit_blocked', 'security must decide on this visit first');
    if (visit.status !== 'waiting' && visit.status !== 'checked_in') throw new ApiError(409, 'visit_state_invalid', `no card for a visit that is ${visit.status}`, undefined, { status: visit.status });
    if (visit.checkoutRequestedAt !== null) throw new ApiError(409, 'visit_state_invalid', 'this visitor is checking out', undefined, { status: visit.status });
    if (visit.cardId !== null && visit.cardReturnedAt === null) throw new ApiError(409, 'visit_has_card', `visit ${visit.ref} already has card ${String(visit.cardUid)}`);
    if (visit.expectedEnd !== null && visit.expectedEnd <= now) throw new ApiError(409, 'visit_state_invalid', 'the visit has already ended; extend it first', undefined, { status: visit.status });
    return visit;
  }

  /** Issues a card for a visit; an encoder writes it first, and only a written card is activated. */
  async issue(ctx: Ctx, id: number, request: VisitCardRequest) {
    if (request.source === 'pool') return this.#activate(ctx, id, request.uid, request.technology);
    const visit = this.#checkVisit(ctx, id, ctx.clock.now());
    const validUntil = visit.expectedEnd ?? ctx.clock.now();
    let uid: string;
    try {
      uid = (await this.deps.devices.encodeCard(request.deviceId, visitorCredential(this.deps.siteKey, visit.ref, validUntil))).uid;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      transaction(ctx.db, () =>
        writeAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'visit.card_encode_failed', entity: 'visit', entityId: id, after: { ref: visit.ref, deviceId: request.deviceId, reason } }),
      );
      throw error;
    }
    return this.#activate(ctx, id, uid, 'mifare_classic');
  }

  #activate(ctx: Ctx, id: number, uid: string, technology: CardRegister['technology']) {
    const changed: CardView[] = [];
    const visit = this.deps.visits.change(ctx, id, (_before, now) => {
      const visit = this.#checkVisit(ctx, id, now);
      const known = cards.getCardByUid(ctx.db, uid);
      if (known && (known.status === 'active' || known.status === 'suspended')) {
        const holder = visits.getOpenVisitByCard(ctx.db, known.id);
        throw new ApiError(409, 'card_in_use', holder ? `card ${uid} serves visit ${holder.ref}` : `card ${uid} is ${known.status} for another holder`, undefined, { uid });
      }
      const card = known ? known : cards.getCard(ctx.db, this.deps.cards.registerWithin(ctx, { uid, technology, printedNumber: null }, now).id);
      if (!card) throw notFound('card');
      const active = this.deps.cards.activateWithin(
        ctx,
        card.id,
        {
          holderKind: 'visitor',
          personId: null,
          unitId: visit.hostUnitId,
          validFrom: null,
          validUntil: new Date(visit.expectedEnd ?? now).toISOString(),
          accessGroupIds: [],
          zoneIds: visitorZoneIds(ctx, visit.destinationFloors),
          reason: `visit ${visit.ref}`,
        },
        now,
      );
      changed.push(active);
      visits.updateVisit(ctx.db, id, { cardId: card.id, cardReturnedAt: null }, now);
      return { action: 'card_issued', detail: { cardUid: uid, technology: card.technology } };
    });
    this.deps.cards.publish(ctx, changed);
    return visit;
  }

  /** The open visit of a card tapped on the desk reader. */
  visitOfCard(ctx: Ctx, uid: string): visits.VisitRecord {
    const card = cards.getCardByUid(ctx.db, uid);
    const visit = card ? visits.getOpenVisitByCard(ctx.db, card.id) : undefined;
    if (!visit) throw notFound('visit for this card');
    return visit;
  }
}
