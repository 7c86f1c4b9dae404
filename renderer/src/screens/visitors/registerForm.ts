/**
 * The desk registration form's values and how they become the contract's VisitCreate: the document, the host and
 * the floors are kept flat for the inputs; a scan or an expected visit's QR code fills them in.
 */
import type { useForm } from '@mantine/form';
import type { IdDocumentView, VisitCreate, VisitDocType, VisitPurpose, VisitView } from '../../contract.js';
import { zonedDateTime } from '../../i18n/format.js';
import { hostInput, hostOf, parseFloors, visitDocType, type HostKind } from './visitHelpers.js';

/** The document a reader filled in, and the type and number it gave (typing over them makes the entry manual). */
export interface ScannedDocument {
  document: IdDocumentView;
  type: VisitDocType;
  number: string;
}

export interface RegisterValues {
  fullName: string;
  phone: string;
  company: string;
  docType: VisitDocType;
  docNumber: string;
  scan: ScannedDocument | null;
  photo: string | null;
  purpose: VisitPurpose;
  hostKind: HostKind;
  hostId: number | null;
  /** The host's name or unit code when it came from an expected visit (the picker has not searched for it). */
  hostLabel: string | null;
  floors: string[];
  /** datetime-local text, in the building's time zone. */
  expectedEnd: string;
  custodySlot: string;
  note: string;
  expectedRef: string | null;
}

/** The form object the registration screen hands to its field groups. */
export type RegisterForm = Pick<ReturnType<typeof useForm<RegisterValues>>, 'values' | 'errors' | 'getInputProps' | 'setValues' | 'clearFieldError'>;

/** Hints go under their input, so the inputs of a row line up. */
export const HINT_BELOW: ('label' | 'input' | 'description' | 'error')[] = ['label', 'input', 'description', 'error'];

export const initialRegisterValues: RegisterValues = {
  fullName: '',
  phone: '',
  company: '',
  docType: 'cccd',
  docNumber: '',
  scan: null,
  photo: null,
  purpose: 'service',
  hostKind: 'person',
  hostId: null,
  hostLabel: null,
  floors: [],
  expectedEnd: '',
  custodySlot: '',
  note: '',
  expectedRef: null,
};

/** The request body: no document when no number is given; 'scan' only while the scanned number stands. */
export function toVisitCreate(values: RegisterValues, timeZone: string): VisitCreate {
  const number = values.docNumber.trim();
  const scanned = values.scan !== null && values.scan.number === number && values.scan.type === values.docType ? values.scan.document : null;
  return {
    fullName: values.fullName,
    phone: values.phone,
    company: values.company,
    document: number ? { type: values.docType, number, source: scanned ? 'scan' : 'manual', scanned } : null,
    photo: values.photo,
    purpose: values.purpose,
    host: hostInput(values.hostKind, values.hostId),
    destinationFloors: parseFloors(values.floors),
    expectedEnd: values.expectedEnd ? (zonedDateTime(values.expectedEnd, timeZone) ?? values.expectedEnd) : null,
    custodySlot: values.custodySlot,
    expectedRef: values.expectedRef,
    note: values.note,
  };
}

/** What a scanned ID document changes: the name (when the document has one), the document type and number. */
export function withScan(values: RegisterValues, document: IdDocumentView): RegisterValues {
  const type = visitDocType(document.type);
  return {
    ...values,
    fullName: document.fullName.trim() || values.fullName,
    docType: type,
    docNumber: document.number,
    scan: { document, type, number: document.number },
  };
}

/** What an expected visit's QR code fills in: who, for whom, why, where; the arrival then fulfils it. */
export function withExpectedVisit(values: RegisterValues, visit: VisitView): RegisterValues {
  const host = hostOf(visit.host);
  return {
    ...values,
    fullName: visit.fullName,
    phone: visit.phone ?? values.phone,
    company: visit.company ?? values.company,
    purpose: visit.purpose,
    hostKind: host?.kind ?? values.hostKind,
    hostId: host?.id ?? values.hostId,
    hostLabel: visit.host.label,
    floors: visit.destinationFloors.map(String),
    expectedRef: visit.ref,
  };
}
