/** Pure helpers of the desk's visitor screens: QR codes, scanned documents, floors, durations, statuses. */
import { VISIT_QR_PREFIX, VisitRef, type IdDocumentView, type VisitDocType, type VisitStatus, type VisitView } from '../../contract.js';

/** The visit reference in a scanned code (`FGV:V…`), or null when the text is not a visit QR code. */
export function visitRefOfCode(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.toUpperCase().startsWith(VISIT_QR_PREFIX)) return null;
  const parsed = VisitRef.safeParse(trimmed);
  return parsed.success ? parsed.data : null;
}

/** The kind of document a reader parsed, as the visit records it (visas and travel documents are "other"). */
export function visitDocType(type: IdDocumentView['type']): VisitDocType {
  switch (type) {
    case 'cccd':
    case 'cn_id':
    case 'passport':
    case 'id_card':
      return type;
    case 'visa':
    case 'travel_document':
      return 'other';
  }
}

/** Floors typed as tags ("12", "5") → numbers; text that is not a whole number stays NaN for the schema to reject. */
export function parseFloors(tags: readonly string[]): number[] {
  return tags.map((tag) => (/^-?\d+$/.test(tag.trim()) ? Number(tag.trim()) : Number.NaN));
}

export interface DurationParts {
  hours: number;
  minutes: number;
}

/** Whole hours and minutes between two instants (never negative). */
export function durationParts(fromIso: string, nowMs: number): DurationParts {
  const minutes = Math.max(0, Math.floor((nowMs - Date.parse(fromIso)) / 60_000));
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

export const statusColor: Record<VisitStatus, string> = {
  expected: 'blue',
  blocked: 'red',
  waiting: 'yellow',
  checked_in: 'green',
  checked_out: 'gray',
  cancelled: 'gray',
};

/** A visit that is in the building (or its lobby) and may still be checked out or given a card. */
export function isOpen(visit: Pick<VisitView, 'status'>): boolean {
  return visit.status === 'waiting' || visit.status === 'checked_in';
}

/** Open, not already checking out, no card yet: the desk may issue one. */
export function mayIssueCard(visit: Pick<VisitView, 'status' | 'card' | 'checkoutRequestedAt'>): boolean {
  return isOpen(visit) && visit.card === null && visit.checkoutRequestedAt === null;
}

/** The slot still holding the visitor's ID document, if any. */
export function heldSlot(visit: Pick<VisitView, 'custody'>): string | null {
  return visit.custody !== null && visit.custody.returnedAt === null ? visit.custody.slot : null;
}

/** Which picker a host belongs to: the person first (a person host also carries their unit and company). */
export type HostKind = 'person' | 'unit' | 'company';
export function hostOf(host: VisitView['host']): { kind: HostKind; id: number } | null {
  if (host.personId !== null) return { kind: 'person', id: host.personId };
  if (host.companyId !== null) return { kind: 'company', id: host.companyId };
  if (host.unitId !== null) return { kind: 'unit', id: host.unitId };
  return null;
}

/** The `host` object the API wants: exactly one id set. */
export function hostInput(kind: HostKind, id: number | null): { personId: number | null; unitId: number | null; companyId: number | null } {
  return { personId: kind === 'person' ? id : null, unitId: kind === 'unit' ? id : null, companyId: kind === 'company' ? id : null };
}

/** An image the gateway sent back (photo) is shown only if it is a plain JPEG/PNG data URL. */
export function isImageDataUrl(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^data:image\/(jpeg|png);base64,[A-Za-z0-9+/]+=*$/.test(value);
}

/** An SVG document as a data URL for an <img> (never inserted as HTML, so it cannot run anything). */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** Size in bytes of the data behind a base64 data URL. */
export function dataUrlBytes(dataUrl: string): number {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/** Largest photo the API accepts (VisitCreate.photo). */
export const MAX_PHOTO_BYTES = 400_000;

/**
 * Form field of a contract path: the form keeps the document, the host and the floors flat.
 * `document.number` → `docNumber`, `host.personId` → `hostId`, `destinationFloors.2` → `floors`.
 */
export function formFieldOf(path: readonly (string | number)[]): string {
  const [head, next] = path;
  if (head === 'document') return next === 'type' ? 'docType' : 'docNumber';
  if (head === 'host') return 'hostId';
  if (head === 'destinationFloors') return 'floors';
  return path.map(String).join('.');
}

/** Contract-path error map → form-field error map (the first message per field wins). */
export function toFormErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const field = formFieldOf(path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
    if (!(field in out)) out[field] = message;
  }
  return out;
}
