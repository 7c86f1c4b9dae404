/**
 * Card lifecycle. Each change is one transaction: the card row, its card_events row, the audit row and the
 * outbox event; the WebSocket hears of it after the commit. Door decisions read the database on every call, so a
 * suspension or revocation applies to the very next tap.
 */
import { writeAudit } from '../../db/audit.js';
import * as cards from '../../db/cards.js';
import { transaction } from '../../db/connection.js';
import { enqueueContractEvent } from './outbox-events.js';
import { getPerson } from '../../db/people.js';
import { getSite } from '../../db/site.js';
import { getUnit } from '../../db/units.js';
import { iso } from '../clock.js';
import type { CardAction, CardActivate, CardRegister, CardStatus, CardView } from '../contract/index.js';
import type { Ctx, Services } from '../context.js';
import { ApiError, fieldError, notFound } from '../errors.js';
import { ACTIVATABLE, nextStatus } from './card-lifecycle.js';

export const cardView = (c: cards.CardRecord): CardView => ({
  ...c,
  technology: c.technology as CardView['technology'],
  holderKind: c.holderKind as CardView['holderKind'],
  status: c.status as CardStatus,
  validFrom: iso(c.validFrom),
  validUntil: iso(c.validUntil),
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});

/** A resident's card opens their unit's floor (floor zones of that floor) and every common area. */
function residentZoneIds(ctx: Ctx, floor: number): number[] {
  return (ctx.db.sqlite.prepare("SELECT id FROM access_zones WHERE (kind = 'floor' AND floor = ?) OR kind = 'common'").all(floor) as { id: number }[]).map((z) => z.id);
}

export class CardService {
  readonly #siteCode: string;

  constructor(private readonly s: Services) {
    this.#siteCode = getSite(s.db)?.code ?? 'SITE';
  }

  /** One card change inside the caller's transaction: card row, card event, audit row, outbox event. */
  #apply(ctx: Ctx, id: number, kind: string, reason: string | null, now: number, apply: (before: cards.CardRecord) => void): CardView {
    const before = cards.getCard(ctx.db, id);
    if (!before) throw notFound('card');
    apply(before);
    const card = cards.getCard(ctx.db, id) as cards.CardRecord;
    cards.addCardEvent(ctx.db, id, now, { kind, fromStatus: kind === 'registered' ? null : before.status, toStatus: card.status, reason, userId: ctx.actor.userId, stationId: ctx.actor.stationId });
    writeAudit(ctx.db, ctx.actor, now, { action: `card.${kind}`, entity: 'card', entityId: id, before: kind === 'registered' ? null : cardView(before), after: { ...cardView(card), reason } });
    enqueueContractEvent(ctx.db, this.#siteCode, { type: `card.${kind}`, aggregateType: 'card', aggregateId: id, occurredAt: now, payload: { ...cardView(card), reason } });
    return cardView(card);
  }

  /** Tells open screens about cards changed by a transaction that has committed. */
  publish(ctx: Ctx, changed: CardView[]): void {
    for (const card of changed) ctx.bus.publish({ type: 'card.changed', at: iso(ctx.clock.now()), data: card });
  }

  /** Runs changes in one transaction; the live events go out only after it commits. */
  #commit<T>(ctx: Ctx, work: (now: number) => { result: T; changed: CardView[] }): T {
    const now = ctx.clock.now();
    const { result, changed } = transaction(ctx.db, () => work(now));
    for (const card of changed) ctx.bus.publish({ type: 'card.changed', at: iso(now), data: card });
    return result;
  }

  /** Registers a card inside the caller's transaction (the caller publishes after its commit). */
  registerWithin(ctx: Ctx, input: CardRegister, now: number): CardView {
    if (cards.getCardByUid(ctx.db, input.uid)) throw new ApiError(409, 'conflict', `card ${input.uid} is already registered`, [{ path: ['uid'], code: 'duplicate', message: 'duplicate' }]);
    const { id } = cards.insertCard(ctx.db, input, now);
    return this.#apply(ctx, id, 'registered', null, now, () => undefined);
  }

  register(ctx: Ctx, input: CardRegister): CardView {
    return this.#commit(ctx, (now) => {
      const card = this.registerWithin(ctx, input, now);
      return { result: card, changed: [card] };
    });
  }

  activate(ctx: Ctx, id: number, input: CardActivate): CardView {
    return this.#commit(ctx, (now) => {
      const card = this.activateWithin(ctx, id, input, now);
      return { result: card, changed: [card] };
    });
  }

  /** Activates a card inside the caller's transaction (the caller publishes after its commit). */
  activateWithin(ctx: Ctx, id: number, input: CardActivate, now: number): CardView {
    return this.#apply(ctx, id, 'activated', input.reason, now, (before) => {
      if (!ACTIVATABLE.includes(before.status as CardStatus)) {
        throw new ApiError(409, 'card_transition_invalid', `a ${before.status} card cannot be activated`, undefined, { from: before.status, action: 'activate' });
      }
      if (input.personId !== null && !getPerson(ctx.db, input.personId)) throw fieldError(['personId'], 'unknown_person', `person ${input.personId} does not exist`);
      if (input.unitId !== null && !getUnit(ctx.db, input.unitId)) throw fieldError(['unitId'], 'unknown_unit', `unit ${input.unitId} does not exist`);
      const groups = cards.existingIds(ctx.db, 'access_groups', input.accessGroupIds);
      input.accessGroupIds.forEach((g, i) => {
        if (!groups.has(g)) throw fieldError(['accessGroupIds', i], 'unknown_group', `access group ${g} does not exist`);
      });
      const zones = cards.existingIds(ctx.db, 'access_zones', input.zoneIds);
      input.zoneIds.forEach((z, i) => {
        if (!zones.has(z)) throw fieldError(['zoneIds', i], 'unknown_zone', `zone ${z} does not exist`);
      });
      const unit = input.unitId === null ? undefined : getUnit(ctx.db, input.unitId);
      const residentZones = input.holderKind === 'resident' && unit ? residentZoneIds(ctx, unit.floor) : [];
      const validUntil = input.validUntil === null ? null : Date.parse(input.validUntil);
      if (validUntil !== null && validUntil <= now) throw fieldError(['validUntil'], 'in_the_past', 'the validity ends in the past');
      cards.setHolding(
        ctx.db,
        id,
        { ...input, validFrom: input.validFrom === null ? null : Date.parse(input.validFrom), validUntil, accessGroupIds: [...new Set(input.accessGroupIds)], zoneIds: [...new Set([...input.zoneIds, ...residentZones])] },
        'active',
        now,
      );
    });
  }

  /** A status change inside the caller's transaction (the caller publishes after its commit). */
  transitionWithin(ctx: Ctx, id: number, action: CardAction, reason: string, now: number): CardView {
    const kind = { suspend: 'suspended', resume: 'resumed', revoke: 'revoked', mark_lost: 'lost', return: 'returned', restock: 'restocked' }[action];
    return this.#apply(ctx, id, kind, reason, now, (before) => {
      const to = nextStatus(before.status as CardStatus, action);
      if (to === null) throw new ApiError(409, 'card_transition_invalid', `cannot ${action} a ${before.status} card`, undefined, { from: before.status, action });
      cards.setStatus(ctx.db, id, to, now);
    });
  }

  transition(ctx: Ctx, id: number, action: CardAction, reason: string): CardView {
    return this.#commit(ctx, (now) => {
      const card = this.transitionWithin(ctx, id, action, reason, now);
      return { result: card, changed: [card] };
    });
  }

  /** A lost card is marked lost and a new card takes over its holder and access, in one transaction. */
  replace(ctx: Ctx, id: number, input: { uid: string; technology: CardRegister['technology']; reason: string }): { old: CardView; replacement: CardView } {
    return this.#commit(ctx, (now) => {
      const before = cards.getCard(ctx.db, id);
      if (!before) throw notFound('card');
      const old = before.status === 'lost' ? cardView(before) : this.transitionWithin(ctx, id, 'mark_lost', input.reason, now);
      const fresh = this.registerWithin(ctx, { uid: input.uid, technology: input.technology, printedNumber: null }, now);
      const replacement = this.#apply(ctx, fresh.id, 'activated', `replaces ${before.uid}: ${input.reason}`, now, () => {
        cards.setHolding(ctx.db, fresh.id, { holderKind: before.holderKind ?? 'resident', personId: before.personId, unitId: before.unitId, validFrom: before.validFrom, validUntil: before.validUntil, accessGroupIds: before.accessGroupIds, zoneIds: before.zoneIds }, 'active', now);
      });
      return { result: { old, replacement }, changed: [old, replacement] };
    });
  }

  /** One action on many cards: a preview says what happens to each; applying does all allowed ones in one go. */
  bulk(ctx: Ctx, input: { ids: number[]; action: CardAction; reason: string; preview: boolean }) {
    const plan = [...new Set(input.ids)].map((id) => {
      const card = cards.getCard(ctx.db, id);
      if (!card) return { id, uid: null, from: null, to: null, refused: 'not_found' as const };
      const to = nextStatus(card.status as CardStatus, input.action);
      return { id, uid: card.uid, from: card.status as CardStatus, to, refused: to === null ? ('card_transition_invalid' as const) : null };
    });
    if (input.preview) return { applied: false, items: plan };
    return this.#commit(ctx, (now) => {
      const changed = plan.filter((p) => p.refused === null).map((p) => this.transitionWithin(ctx, p.id, input.action, input.reason, now));
      return { result: { applied: true, items: plan }, changed };
    });
  }

  /** Active and suspended cards per unit against the unit's free quota: the list for the management board. */
  unitSummary(ctx: Ctx) {
    const rows = ctx.db.sqlite
      .prepare(
        `SELECT u.id AS unitId, u.code AS unitCode, u.floor, u.free_card_quota AS freeCardQuota,
                count(CASE WHEN c.status = 'active' THEN 1 END) AS activeCards,
                count(CASE WHEN c.status = 'suspended' THEN 1 END) AS suspendedCards
         FROM units u LEFT JOIN cards c ON c.unit_id = u.id
         GROUP BY u.id ORDER BY u.floor, u.code`,
      )
      .all() as { unitId: number; unitCode: string; floor: number; freeCardQuota: number; activeCards: number; suspendedCards: number }[];
    return { items: rows.map((r) => ({ ...r, overQuota: Math.max(0, r.activeCards - r.freeCardQuota) })) };
  }

  get(ctx: Ctx, id: number) {
    const card = cards.getCard(ctx.db, id);
    if (!card) throw notFound('card');
    return { ...cardView(card), events: cards.cardEvents(ctx.db, id).map((e) => ({ ...e, at: iso(e.at), fromStatus: e.fromStatus as CardStatus | null, toStatus: e.toStatus as CardStatus | null })) };
  }

  list(ctx: Ctx, filter: cards.CardFilter) {
    const { rows, total } = cards.listCards(ctx.db, filter);
    return { items: rows.map(cardView), total };
  }
}
