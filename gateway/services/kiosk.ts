/**
 * The lobby self-service kiosk (station token, no staff login): find a host without contact data, sign in with
 * the building rules and a signature, get a QR badge (and a card when this kiosk has an encoder), sign out.
 * A watchlist hit is not revealed to the visitor: they are asked to see the desk while security is alerted.
 */
import { getSite } from '../../db/site.js';
import * as visits from '../../db/visits.js';
import type { Locale, VisitPurpose } from '../contract/index.js';
import type { KioskCheckIn as KioskCheckInSchema } from '../contract/index.js';
import type { Ctx } from '../context.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import type { DeviceService } from './devices.js';
import type { VisitCardIssuer } from './visit-cards.js';
import { searchKioskHosts } from './visit-hosts.js';
import { heldSlot, visitQrSvg } from './visit-view.js';
import type { VisitService } from './visits.js';
import type { z } from 'zod';

type CheckInData = z.output<typeof KioskCheckInSchema>;

/** Seconds without a touch before the kiosk wipes what was entered. */
export const KIOSK_IDLE_SECONDS = 90;

export class KioskService {
  constructor(private readonly deps: { visits: VisitService; issuer: VisitCardIssuer; devices: DeviceService }) {}

  #station(ctx: Ctx) {
    const station = ctx.auth.station;
    if (!station) throw forbidden();
    return station;
  }

  /** A connected encoder attached to this kiosk, if any. */
  #encoder(ctx: Ctx): string | null {
    const station = this.#station(ctx);
    const encoder = this.deps.devices.list(ctx).items.find((d) => d.role === 'desk_encoder' && d.stationId === station.id && d.status.state === 'connected');
    return encoder?.id ?? null;
  }

  info(ctx: Ctx, locale: Locale) {
    this.#station(ctx);
    return {
      siteName: getSite(ctx.db)?.name ?? 'FrontGate',
      rules: this.deps.visits.settings(ctx).rules[locale],
      hasEncoder: this.#encoder(ctx) !== null,
      idleSeconds: KIOSK_IDLE_SECONDS,
    };
  }

  hosts(ctx: Ctx, q: string) {
    this.#station(ctx);
    return { items: searchKioskHosts(ctx, q) };
  }

  /** An invitation QR: only an expected visit answers; anything else is simply not found (nothing to learn). */
  expected(ctx: Ctx, ref: string) {
    this.#station(ctx);
    const visit = visits.getVisitByRef(ctx.db, ref);
    if (!visit || visit.status !== 'expected') throw notFound('expected visit');
    const host =
      visit.hostPersonId !== null
        ? { kind: 'person' as const, id: visit.hostPersonId }
        : visit.hostCompanyId !== null
          ? { kind: 'company' as const, id: visit.hostCompanyId }
          : { kind: 'unit' as const, id: visit.hostUnitId ?? 0 };
    return { ref: visit.ref, fullName: visit.visitorName, purpose: visit.purpose as VisitPurpose, host: { ...host, label: visit.hostLabel, detail: null } };
  }

  async checkIn(ctx: Ctx, input: CheckInData) {
    this.#station(ctx);
    const visit = this.deps.visits.register(
      ctx,
      {
        fullName: input.fullName,
        phone: input.phone,
        company: input.company,
        document: input.document,
        photo: input.photo,
        purpose: input.purpose,
        host: input.host,
        destinationFloors: [],
        expectedEnd: null,
        custodySlot: null,
        expectedRef: input.expectedRef,
        note: null,
      },
      { channel: 'kiosk', signature: input.signature, rulesAccepted: input.rulesAccepted },
    );
    if (visit.status === 'blocked') {
      return { ref: visit.ref, status: 'see_desk' as const, fullName: visit.visitorName, hostLabel: visit.hostLabel, validUntil: null, qrSvg: '', card: null, cardError: null };
    }
    let card: { uid: string } | null = null;
    let cardError: string | null = null;
    const encoder = this.#encoder(ctx);
    if (encoder !== null) {
      try {
        const issued = await this.deps.issuer.issue(ctx, visit.id, { source: 'encode', deviceId: encoder });
        card = issued.cardUid === null ? null : { uid: issued.cardUid };
      } catch (error) {
        cardError = error instanceof ApiError ? error.code : 'internal';
      }
    }
    return {
      ref: visit.ref,
      status: visit.status === 'waiting' ? ('waiting' as const) : ('checked_in' as const),
      fullName: visit.visitorName,
      hostLabel: visit.hostLabel,
      validUntil: visit.expectedEnd === null ? null : new Date(visit.expectedEnd).toISOString(),
      qrSvg: visitQrSvg(visit.ref),
      card,
      cardError,
    };
  }

  /** Self check-out with the QR badge or the card. A document held at the desk must be collected there. */
  checkOut(ctx: Ctx, input: { ref: string } | { uid: string }) {
    this.#station(ctx);
    const open = 'ref' in input ? this.deps.visits.getRecordByRef(ctx, input.ref) : this.deps.issuer.visitOfCard(ctx, input.uid);
    if (open.status !== 'waiting' && open.status !== 'checked_in') throw new ApiError(409, 'visit_state_invalid', `this visit is ${open.status}`, undefined, { status: open.status });
    const result = this.deps.visits.checkOut(ctx, open.id);
    return { fullName: result.visit.visitorName, closed: result.closed, collectDocument: heldSlot(result.visit) !== null };
  }
}
