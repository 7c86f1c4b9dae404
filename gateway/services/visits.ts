/**
 * Visits at the desk: registration with the watchlist check, ID custody, waiting list, admission, check-out,
 * expected visitors and the visit log. Each step is one transaction with its audit row and outbox event; the live
 * events go out after the commit. Visitor cards are issued by VisitCardIssuer (visit-cards.ts).
 */
import { randomInt } from 'node:crypto';
import { writeAudit } from '../../db/audit.js';
import { transaction } from '../../db/connection.js';
import { enqueueContractEvent } from './outbox-events.js';
import { getSetting, putSetting } from '../../db/site.js';
import * as visits from '../../db/visits.js';
import { iso } from '../clock.js';
import type { VisitChangeSource, VisitCreate as VisitCreateSchema, VisitExpect, VisitListQuery as VisitListQuerySchema, VisitSettings, VisitView } from '../contract/index.js';
import { VisitExpect as VisitExpectSchema } from '../contract/index.js';
import { can, type Ctx } from '../context.js';
import { ApiError, fieldError, notFound } from '../errors.js';
import type { PersonalDataCipher } from '../personal-data.js';
import { idNumberHash } from '../secret-key.js';
import type { CardService } from './cards.js';
import { resolveHost } from './visit-hosts.js';
import { heldSlot, visitEventPayload, visitQrSvg, visitView, type ViewerRights } from './visit-view.js';
import type { WatchlistService } from './watchlist.js';
import type { z } from 'zod';

type CreateData = z.output<typeof VisitCreateSchema>;
type ExpectData = z.output<typeof VisitExpectSchema>;
type ListQuery = z.output<typeof VisitListQuerySchema>;

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const REF_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const DEFAULT_VISIT_SETTINGS: VisitSettings = {
  retentionDays: 30,
  defaultVisitMinutes: 240,
  rules: {
    vi: 'Nội quy tòa nhà: xuất trình giấy tờ tùy thân khi được yêu cầu; đeo thẻ khách trong suốt thời gian ở tòa nhà; chỉ đến khu vực đã đăng ký; không hút thuốc; trả thẻ tại quầy lễ tân khi ra về.',
    zh: '大楼规定：应要求出示身份证件；在楼内期间请佩戴访客卡；只前往登记的区域；禁止吸烟；离开时请在前台归还访客卡。',
    en: 'Building rules: show your ID document when asked; wear the visitor badge while in the building; go only to the areas you registered for; no smoking; return the visitor card at reception when you leave.',
  },
};

/** A visit reference: V + 10 Crockford base32 characters (50 random bits): printed and in the QR code. */
export function newVisitRef(): string {
  let ref = 'V';
  for (let i = 0; i < 10; i++) ref += REF_ALPHABET[randomInt(REF_ALPHABET.length)];
  return ref;
}

export const rightsOf = (ctx: Ctx): ViewerRights => ({ contact: can(ctx.auth, 'people.contact'), security: can(ctx.auth, 'visits.override') });

/** One recorded step of a visit change: its audit action, extra detail, and whether it goes upstream. */
interface Step {
  action: string;
  detail?: Record<string, unknown>;
  outbox?: boolean;
}

export interface RegisterExtra {
  channel: 'desk' | 'kiosk';
  signature?: string | null;
  rulesAccepted?: boolean;
}

export class VisitService {
  constructor(
    private readonly deps: { cards: CardService; watchlist: WatchlistService; cipher: PersonalDataCipher; hashKey: Buffer; siteCode: string; siteName: () => string },
  ) {}

  // ---- reading ----

  #load(ctx: Ctx, id: number): visits.VisitRecord {
    const visit = visits.getVisit(ctx.db, id);
    if (!visit) throw notFound('visit');
    return visit;
  }

  /** A visit as staff see it in lists and after a change: no visitor phone (see get). */
  view(ctx: Ctx, visit: visits.VisitRecord): VisitView {
    return visitView(visit, ctx.clock.now(), { ...rightsOf(ctx), contact: false });
  }

  /** Lists carry no visitor phone numbers; one visit shows it to people.contact holders, and that read is audited. */
  get(ctx: Ctx, id: number): VisitView {
    const visit = this.#load(ctx, id);
    const rights = rightsOf(ctx);
    if (rights.contact && visit.visitorPhone !== null) {
      transaction(ctx.db, () => writeAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'visit.contact_viewed', entity: 'visit', entityId: id }));
    }
    return visitView(visit, ctx.clock.now(), rights);
  }

  getRecordByRef(ctx: Pick<Ctx, 'db'>, ref: string): visits.VisitRecord {
    const visit = visits.getVisitByRef(ctx.db, ref);
    if (!visit) throw notFound('visit');
    return visit;
  }

  getByRef(ctx: Ctx, ref: string): VisitView {
    return this.view(ctx, this.getRecordByRef(ctx, ref));
  }

  list(ctx: Ctx, query: ListQuery) {
    const { rows, total } = visits.listVisits(ctx.db, {
      ...(query.q && { q: query.q }),
      ...(query.idNumber && { docNumberHash: idNumberHash(this.deps.hashKey, query.idNumber) }),
      ...(query.hostPersonId !== undefined && { hostPersonId: query.hostPersonId }),
      ...(query.hostUnitId !== undefined && { hostUnitId: query.hostUnitId }),
      ...(query.hostCompanyId !== undefined && { hostCompanyId: query.hostCompanyId }),
      ...(query.purpose && { purpose: query.purpose }),
      ...(query.status && { status: query.status }),
      ...(query.from && { from: Date.parse(query.from) }),
      ...(query.to && { to: Date.parse(query.to) }),
      limit: query.limit,
      offset: query.offset,
    });
    return { items: rows.map((v) => this.view(ctx, v)), total };
  }

  /** The desk board: waiting (and stopped) visitors, everyone on site, and who is expected in the next 24 hours. */
  board(ctx: Ctx) {
    const now = ctx.clock.now();
    const open = visits.openVisits(ctx.db, now - 12 * 60 * MINUTE, now + DAY).map((v) => this.view(ctx, v));
    const onSite = open.filter((v) => v.status === 'checked_in');
    return {
      waiting: open.filter((v) => v.status === 'waiting' || v.status === 'blocked'),
      onSite,
      expected: open.filter((v) => v.status === 'expected'),
      overstays: open.filter((v) => v.overstay).length,
    };
  }

  /** Photo and signature, opened for one staff member; the read is audited (personal data). */
  photo(ctx: Ctx, id: number) {
    const visit = this.#load(ctx, id);
    const { cipher } = this.deps;
    const photo = visit.photoSealed === null ? null : cipher.open(visit.photoSealed, 'visits.photo').toString('utf8');
    const signature = visit.signatureSealed === null ? null : cipher.open(visit.signatureSealed, 'visits.signature').toString('utf8');
    if (photo !== null || signature !== null) {
      transaction(ctx.db, () => writeAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'visit.photo_viewed', entity: 'visit', entityId: id }));
    }
    return { photo, signature };
  }

  badge(ctx: Ctx, id: number) {
    const visit = this.#load(ctx, id);
    const photo = visit.photoSealed === null ? null : this.deps.cipher.open(visit.photoSealed, 'visits.photo').toString('utf8');
    return {
      ref: visit.ref,
      fullName: visit.visitorName,
      company: visit.visitorCompany,
      hostLabel: visit.hostLabel,
      destinationFloors: visit.destinationFloors,
      purpose: visit.purpose as VisitView['purpose'],
      validUntil: iso(visit.expectedEnd),
      photo,
      qrSvg: visitQrSvg(visit.ref),
      siteName: this.deps.siteName(),
    };
  }

  settings(ctx: Pick<Ctx, 'db'>): VisitSettings {
    return { ...DEFAULT_VISIT_SETTINGS, ...getSetting<Partial<VisitSettings>>(ctx.db, 'visits') };
  }

  putSettings(ctx: Ctx, input: VisitSettings): VisitSettings {
    const now = ctx.clock.now();
    return transaction(ctx.db, () => {
      const before = this.settings(ctx);
      putSetting(ctx.db, 'visits', input, now);
      writeAudit(ctx.db, ctx.actor, now, { action: 'visits.settings', entity: 'settings', entityId: 'visits', before, after: input });
      return input;
    });
  }

  /**
   * Retention: closed visits older than the setting lose the visitor's name, phone, ID number, document data, photo
   * and signature; purpose, host, floors and times stay for statistics. One chunk per transaction, each with its
   * audit row and one outbox event per visit, so a large backlog never holds the database for long.
   */
  purgeChunk(ctx: Ctx, limit = 100): { purged: number; done: boolean } {
    const now = ctx.clock.now();
    const { retentionDays } = this.settings(ctx);
    const before = now - retentionDays * DAY;
    return transaction(ctx.db, () => {
      const due = visits.purgeCandidates(ctx.db, before, limit);
      if (due.length === 0) return { purged: 0, done: true };
      visits.purgeVisits(
        ctx.db,
        due.map((d) => d.id),
        now,
      );
      for (const { id, ref } of due) {
        enqueueContractEvent(ctx.db, this.deps.siteCode, { type: 'visit.purged', aggregateType: 'visit', aggregateId: ref, occurredAt: now, payload: { id, ref, purgedAt: iso(now) } });
      }
      writeAudit(ctx.db, ctx.actor, now, { action: 'visits.purge', entity: 'visit', entityId: null, after: { purged: due.length, closedBefore: iso(before), retentionDays } });
      return { purged: due.length, done: due.length < limit };
    });
  }

  /** Purges everything due, a chunk at a time, letting other work run between chunks. */
  async purge(ctx: Ctx, signal?: AbortSignal): Promise<{ purged: number }> {
    let purged = 0;
    for (;;) {
      if (signal?.aborted) return { purged };
      const chunk = this.purgeChunk(ctx);
      purged += chunk.purged;
      if (chunk.done) return { purged };
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  // ---- changing ----

  /**
   * One visit change: runs `work` in a transaction, then writes the audit row and outbox event of each step it
   * reports (in the same transaction), and publishes `visit.changed` after the commit.
   */
  change(ctx: Ctx, id: number, work: (visit: visits.VisitRecord, now: number) => Step | Step[]): visits.VisitRecord {
    const now = ctx.clock.now();
    const { visit, steps } = transaction(ctx.db, () => {
      const result = work(this.#load(ctx, id), now);
      const steps = Array.isArray(result) ? result : [result];
      const visit = this.#load(ctx, id);
      for (const step of steps) this.record(ctx, visit, step.action, now, step.detail, step.outbox ?? true);
      return { visit, steps };
    });
    for (const step of steps) this.publish(ctx, visit, step.action);
    return visit;
  }

  /** Inside the caller's transaction: the audit row and (unless told not to) the outbox event of one visit step. */
  record(ctx: Ctx, visit: visits.VisitRecord, action: string, now: number, detail: Record<string, unknown> = {}, outbox = true): void {
    const payload = { ...visitEventPayload(visit), ...detail };
    writeAudit(ctx.db, ctx.actor, now, { action: `visit.${action}`, entity: 'visit', entityId: visit.id, after: payload });
    if (outbox) enqueueContractEvent(ctx.db, this.deps.siteCode, { type: `visit.${action}`, aggregateType: 'visit', aggregateId: visit.ref, occurredAt: now, payload });
  }

  /**
   * After the commit: open screens follow; a watchlist stop alerts security. The step's source is the caller's kind
   * (a station token alone can only reach the kiosk's self-service API) unless the caller says.
   */
  publish(ctx: Ctx, visit: visits.VisitRecord, action: string, source: VisitChangeSource = ctx.auth.kind === 'user' ? 'staff' : ctx.auth.kind === 'station' ? 'kiosk' : 'system'): void {
    const at = iso(ctx.clock.now());
    const staffView = visitView(visit, ctx.clock.now(), { contact: false, security: false });
    ctx.bus.publish({ type: 'visit.changed', at, data: { action, visit: staffView, source } });
    if (action === 'blocked') {
      ctx.bus.publish({ type: 'visit.alert', at, data: { visit: visitView(visit, ctx.clock.now(), { contact: false, security: true }), reason: visit.watchlistReason ?? '', stationName: ctx.actor.stationName } });
    }
  }

  /** Registers an arrival (desk or kiosk); a watchlist hit records the visit as stopped and alerts security. */
  register(ctx: Ctx, input: CreateData, extra: RegisterExtra): visits.VisitRecord {
    const now = ctx.clock.now();
    const settings = this.settings(ctx);
    const { cipher } = this.deps;
    let action = '';
    const visit = transaction(ctx.db, () => {
      const expected = input.expectedRef === null ? undefined : visits.getVisitByRef(ctx.db, input.expectedRef);
      if (input.expectedRef !== null && (!expected || expected.status !== 'expected')) {
        throw fieldError(['expectedRef'], 'not_expected', `${input.expectedRef} is not an expected visit`);
      }
      const host = resolveHost(ctx, input.host);
      const doc = input.document;
      const docNumber = doc === null ? null : doc.number.toUpperCase().replace(/[\s-]/g, '');
      const docNumberHash = docNumber === null ? null : idNumberHash(this.deps.hashKey, docNumber);
      const duplicate = visits.findOpenDuplicate(ctx.db, { docNumberHash, visitorName: input.fullName, ...host }, expected?.id);
      if (duplicate) throw new ApiError(409, 'visit_duplicate', `${input.fullName} already has an open visit (${duplicate.ref})`, undefined, { ref: duplicate.ref });
      const expectedEnd = input.expectedEnd === null ? (expected?.expectedEnd && expected.expectedEnd > now ? expected.expectedEnd : now + settings.defaultVisitMinutes * MINUTE) : Date.parse(input.expectedEnd);
      if (expectedEnd <= now) throw fieldError(['expectedEnd'], 'in_the_past', 'the visit would end in the past');
      if (expectedEnd > now + 7 * DAY) throw fieldError(['expectedEnd'], 'too_long', 'a visit lasts at most 7 days');
      const hit = this.deps.watchlist.matches(ctx, { fullName: input.fullName, idNumber: docNumber })[0];
      const status = hit ? 'blocked' : input.purpose === 'business' ? 'waiting' : 'checked_in';
      action = status;
      const fields: visits.VisitFields = {
        ...visits.UNSET_VISIT_FIELDS,
        status,
        channel: expected ? expected.channel : extra.channel,
        visitorName: input.fullName,
        visitorPhone: input.phone,
        visitorCompany: input.company,
        docType: doc?.type ?? null,
        docSource: doc?.source ?? null,
        docNumberHash,
        docNumberHint: docNumber === null ? null : docNumber.slice(-4),
        docNumberSealed: cipher.sealText(docNumber, 'visits.doc_number'),
        docDataSealed: doc?.scanned ? cipher.seal(JSON.stringify(doc.scanned), 'visits.doc_data') : null,
        docChecks: doc?.scanned?.checks ?? [],
        photoSealed: cipher.sealText(input.photo, 'visits.photo'),
        signatureSealed: cipher.sealText(extra.signature ?? null, 'visits.signature'),
        rulesAcceptedAt: extra.rulesAccepted ? now : null,
        hostPersonId: host.hostPersonId,
        hostUnitId: host.hostUnitId,
        hostCompanyId: host.hostCompanyId,
        hostLabel: host.hostLabel,
        purpose: input.purpose,
        destinationFloors: input.destinationFloors.length > 0 ? [...new Set(input.destinationFloors)] : host.floors,
        expectedStart: expected?.expectedStart ?? now,
        expectedEnd,
        checkedInAt: status === 'blocked' ? null : now,
        custodySlot: input.custodySlot,
        custodyTakenAt: input.custodySlot === null ? null : now,
        watchlistEntryId: hit?.id ?? null,
        stationId: ctx.actor.stationId,
        createdBy: expected ? expected.createdBy : ctx.actor.userId,
        externalRef: expected?.externalRef ?? null,
        note: input.note ?? expected?.note ?? null,
      };
      let id: number;
      if (expected) {
        id = expected.id;
        visits.updateVisit(ctx.db, id, fields, now);
      } else {
        id = visits.insertVisit(ctx.db, newVisitRef(), fields, now);
      }
      const saved = this.#load(ctx, id);
      this.record(ctx, saved, status, now, {
        ...(hit && { watchlistEntryId: hit.id }),
        ...(doc && { docSource: doc.source, docNumberHint: saved.docNumberHint }),
      });
      if (input.custodySlot !== null) this.record(ctx, saved, 'custody_taken', now, { slot: input.custodySlot });
      return saved;
    });
    this.publish(ctx, visit, action, extra.channel === 'kiosk' ? 'kiosk' : undefined);
    return visit;
  }

  /** Pre-registration by staff (or upstream): the visit is expected; its reference goes into a QR code. */
  expect(ctx: Ctx, input: ExpectData, channel: 'preregistered' | 'upstream' = 'preregistered', externalRef: string | null = null): visits.VisitRecord {
    const now = ctx.clock.now();
    const start = Date.parse(input.expectedStart);
    const end = Date.parse(input.expectedEnd);
    if (end <= now) throw fieldError(['expectedEnd'], 'in_the_past', 'the visit would end in the past');
    if (end - start > 7 * DAY) throw fieldError(['expectedEnd'], 'too_long', 'a visit lasts at most 7 days');
    const visit = transaction(ctx.db, () => {
      const host = resolveHost(ctx, input.host);
      const id = visits.insertVisit(
        ctx.db,
        newVisitRef(),
        {
          ...visits.UNSET_VISIT_FIELDS,
          status: 'expected',
          channel,
          visitorName: input.fullName,
          visitorPhone: input.phone,
          visitorCompany: input.company,
          hostPersonId: host.hostPersonId,
          hostUnitId: host.hostUnitId,
          hostCompanyId: host.hostCompanyId,
          hostLabel: host.hostLabel,
          purpose: input.purpose,
          destinationFloors: input.destinationFloors.length > 0 ? [...new Set(input.destinationFloors)] : host.floors,
          expectedStart: start,
          expectedEnd: end,
          stationId: ctx.actor.stationId,
          createdBy: ctx.actor.userId,
          externalRef,
          note: input.note,
        },
        now,
      );
      const saved = this.#load(ctx, id);
      this.record(ctx, saved, 'expected', now);
      return saved;
    });
    this.publish(ctx, visit, 'expected');
    return visit;
  }

  /** A pre-registration command from upstream, applied once per command id. */
  preRegister(ctx: Ctx, input: VisitExpect, commandId: string): { visit: visits.VisitRecord; applied: boolean } {
    const existing = visits.getVisitByExternalRef(ctx.db, commandId);
    if (existing) return { visit: existing, applied: false };
    return { visit: this.expect(ctx, VisitExpectSchema.parse(input), 'upstream', commandId), applied: true };
  }

  holdDocument(ctx: Ctx, id: number, slot: string) {
    return this.change(ctx, id, (visit, now) => {
      if (!['blocked', 'waiting', 'checked_in'].includes(visit.status)) throw stateError(visit, 'hold a document of');
      if (heldSlot(visit) !== null) throw new ApiError(409, 'document_in_custody', `the desk already holds a document in slot ${String(visit.custodySlot)}`, undefined, { slot: String(visit.custodySlot) });
      visits.updateVisit(ctx.db, id, { custodySlot: slot, custodyTakenAt: now, custodyReturnedAt: null }, now);
      return { action: 'custody_taken', detail: { slot } };
    });
  }

  /** The held document goes back to the visitor; a visit waiting only for that closes now. */
  returnDocument(ctx: Ctx, id: number) {
    return this.change(ctx, id, (before, now) => {
      const slot = heldSlot(before);
      if (slot === null) throw new ApiError(409, 'visit_state_invalid', 'the desk holds no document for this visit', undefined, { status: before.status });
      const closes = before.checkoutRequestedAt !== null && (before.status === 'checked_in' || before.status === 'waiting');
      visits.updateVisit(ctx.db, id, { custodyReturnedAt: now, ...(closes && { status: 'checked_out', checkedOutAt: now }) }, now);
      return closes ? [{ action: 'custody_returned', detail: { slot } }, { action: 'checked_out' }] : { action: 'custody_returned', detail: { slot } };
    });
  }

  hostContacted(ctx: Ctx, id: number) {
    return this.change(ctx, id, (visit, now) => {
      if (visit.status !== 'waiting') throw stateError(visit, 'contact the host of');
      visits.updateVisit(ctx.db, id, { hostContactedAt: now }, now);
      return { action: 'host_contacted', outbox: false };
    });
  }

  admit(ctx: Ctx, id: number) {
    return this.change(ctx, id, (visit, now) => {
      if (visit.status !== 'waiting') throw stateError(visit, 'admit');
      visits.updateVisit(ctx.db, id, { status: 'checked_in', admittedAt: now }, now);
      return { action: 'admitted' };
    });
  }

  cancel(ctx: Ctx, id: number, reason: string) {
    const returned: ReturnType<CardService['transitionWithin']>[] = [];
    const visit = this.change(ctx, id, (visit, now) => {
      if (!['expected', 'blocked', 'waiting'].includes(visit.status)) throw stateError(visit, 'cancel');
      const slot = heldSlot(visit);
      if (slot !== null) throw new ApiError(409, 'document_in_custody', `hand back the document in slot ${slot} first`, undefined, { slot });
      returned.push(...this.returnCard(ctx, visit, now));
      visits.updateVisit(ctx.db, id, { status: 'cancelled', checkedOutAt: now, ...(visit.cardId !== null && visit.cardReturnedAt === null && { cardReturnedAt: now }) }, now);
      return { action: 'cancelled', detail: { reason } };
    });
    this.deps.cards.publish(ctx, returned);
    return visit;
  }

  /** Security lets a stopped visitor continue; the reason and who decided are recorded. */
  override(ctx: Ctx, id: number, reason: string) {
    return this.change(ctx, id, (visit, now) => {
      if (visit.status !== 'blocked') throw stateError(visit, 'override');
      visits.updateVisit(ctx.db, id, { status: visit.purpose === 'business' ? 'waiting' : 'checked_in', checkedInAt: now, overrideBy: ctx.actor.userId, overrideReason: reason, overrideAt: now }, now);
      return { action: 'override', detail: { reason } };
    });
  }

  /** Deactivates the visit's card inside the caller's transaction; returns the changed card, if any. */
  returnCard(ctx: Ctx, visit: visits.VisitRecord, now: number) {
    if (visit.cardId === null || visit.cardReturnedAt !== null) return [];
    if (visit.cardStatus !== 'active' && visit.cardStatus !== 'suspended') return [];
    return [this.deps.cards.transitionWithin(ctx, visit.cardId, 'return', `visit ${visit.ref} checked out`, now)];
  }

  /**
   * Check-out: the card is deactivated at once; the visit closes now, or as soon as the held ID document is handed
   * back (the desk is reminded of the slot).
   */
  checkOut(ctx: Ctx, id: number) {
    const changedCards: ReturnType<CardService['transitionWithin']>[] = [];
    let closed = false;
    const visit = this.change(ctx, id, (visit, now) => {
      if (visit.status !== 'waiting' && visit.status !== 'checked_in') throw stateError(visit, 'check out');
      changedCards.push(...this.returnCard(ctx, visit, now));
      closed = heldSlot(visit) === null;
      visits.updateVisit(
        ctx.db,
        id,
        {
          checkoutRequestedAt: visit.checkoutRequestedAt ?? now,
          ...(visit.cardId !== null && visit.cardReturnedAt === null && { cardReturnedAt: now }),
          ...(closed && { status: 'checked_out', checkedOutAt: now }),
        },
        now,
      );
      // Not closed yet: the card is back, the desk still holds the document (no event upstream until it closes).
      return closed ? { action: 'checked_out' } : { action: 'checkout_pending', outbox: false };
    });
    this.deps.cards.publish(ctx, changedCards);
    return { visit, closed, documentSlot: heldSlot(visit) };
  }
}

function stateError(visit: visits.VisitRecord, what: string): ApiError {
  return new ApiError(409, 'visit_state_invalid', `cannot ${what} a visit that is ${visit.status}`, undefined, { status: visit.status });
}
