/** How a visit row is shown: to staff (contact data by permission, watchlist reason to security) and upstream. */
import { renderSVG } from 'uqr';
import type { VisitRecord } from '../../db/visits.js';
import { iso } from '../clock.js';
import { VISIT_QR_PREFIX, type VisitDocType, type VisitPurpose, type VisitStatus, type VisitView } from '../contract/index.js';

export interface ViewerRights {
  /** people.contact: the visitor's phone. */
  contact: boolean;
  /** visits.override: why the watchlist stopped a visitor. */
  security: boolean;
}

export const NO_RIGHTS: ViewerRights = { contact: false, security: false };

export function visitView(v: VisitRecord, now: number, rights: ViewerRights): VisitView {
  return {
    id: v.id,
    ref: v.ref,
    status: v.status as VisitStatus,
    channel: v.channel as VisitView['channel'],
    fullName: v.visitorName,
    ...(rights.contact && { phone: v.visitorPhone }),
    company: v.visitorCompany,
    docType: v.docType as VisitDocType | null,
    docNumberHint: v.docNumberHint,
    docSource: v.docSource as VisitView['docSource'],
    docChecks: v.docChecks,
    hasPhoto: v.photoSealed !== null,
    rulesAcceptedAt: iso(v.rulesAcceptedAt),
    host: { personId: v.hostPersonId, unitId: v.hostUnitId, companyId: v.hostCompanyId, label: v.hostLabel },
    purpose: v.purpose as VisitPurpose,
    destinationFloors: v.destinationFloors,
    expectedStart: iso(v.expectedStart),
    expectedEnd: iso(v.expectedEnd),
    checkedInAt: iso(v.checkedInAt),
    hostContactedAt: iso(v.hostContactedAt),
    admittedAt: iso(v.admittedAt),
    checkoutRequestedAt: iso(v.checkoutRequestedAt),
    checkedOutAt: iso(v.checkedOutAt),
    overstay: isOverstay(v, now),
    card: v.cardId !== null && v.cardUid !== null && v.cardReturnedAt === null ? { id: v.cardId, uid: v.cardUid, status: v.cardStatus ?? 'unknown' } : null,
    custody:
      v.custodySlot !== null && v.custodyTakenAt !== null ? { slot: v.custodySlot, takenAt: iso(v.custodyTakenAt) as string, returnedAt: iso(v.custodyReturnedAt) } : null,
    watchlist: v.watchlistEntryId === null ? null : { entryId: v.watchlistEntryId, ...(rights.security && v.watchlistReason !== null && { reason: v.watchlistReason }) },
    override: v.overrideAt === null ? null : { by: v.overrideBy, reason: v.overrideReason ?? '', at: iso(v.overrideAt) as string },
    note: v.note,
    purgedAt: iso(v.purgedAt),
    createdAt: iso(v.createdAt) as string,
    updatedAt: iso(v.updatedAt) as string,
  };
}

/** On site (or waiting) past the expected end. */
export function isOverstay(v: Pick<VisitRecord, 'status' | 'expectedEnd'>, now: number): boolean {
  return (v.status === 'checked_in' || v.status === 'waiting') && v.expectedEnd !== null && now > v.expectedEnd;
}

/** The custody slot still holding the visitor's document, if any. */
export function heldSlot(v: Pick<VisitRecord, 'custodySlot' | 'custodyTakenAt' | 'custodyReturnedAt'>): string | null {
  return v.custodyTakenAt !== null && v.custodyReturnedAt === null ? v.custodySlot : null;
}

/** What goes upstream and into the audit log about a visit: no ID number, photo or phone. */
export function visitEventPayload(v: VisitRecord) {
  return {
    id: v.id,
    ref: v.ref,
    status: v.status,
    channel: v.channel,
    fullName: v.visitorName,
    company: v.visitorCompany,
    docType: v.docType,
    purpose: v.purpose,
    host: { personId: v.hostPersonId, unitId: v.hostUnitId, companyId: v.hostCompanyId, label: v.hostLabel },
    destinationFloors: v.destinationFloors,
    expectedStart: iso(v.expectedStart),
    expectedEnd: iso(v.expectedEnd),
    checkedInAt: iso(v.checkedInAt),
    checkedOutAt: iso(v.checkedOutAt),
    cardUid: v.cardReturnedAt === null ? v.cardUid : null,
    custodySlot: heldSlot(v),
    externalRef: v.externalRef,
  };
}

/** The badge QR code: the visit reference with its prefix, as an SVG drawn here (never from visitor text). */
export function visitQrSvg(ref: string): string {
  return renderSVG(`${VISIT_QR_PREFIX}${ref}`, { ecc: 'M', border: 2 });
}
