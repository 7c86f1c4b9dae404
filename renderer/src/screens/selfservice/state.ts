/**
 * What a visitor has entered at the lobby kiosk, and where they are in the flow. One reducer, so that wiping the
 * screen (idle timeout, "start over", done) is one action that forgets everything at once.
 */
import type { z } from 'zod';
import {
  VISIT_QR_PREFIX,
  VisitRef,
  type IdDocumentView,
  type KioskCheckIn,
  type KioskCheckOutResult,
  type KioskHost,
  type KioskReceipt,
  type Locale,
  type VisitDocType,
  type VisitPurpose,
} from '../../contract.js';

export type KioskHostHit = z.infer<typeof KioskHost>;
export type Receipt = z.infer<typeof KioskReceipt>;
export type SignOutResult = z.infer<typeof KioskCheckOutResult>;

/** The check-in steps in order; `done` shows the receipt. Sign-out is its own short path. */
export const CHECK_IN_STEPS = ['identity', 'host', 'purpose', 'rules', 'photo'] as const;
export type CheckInStep = (typeof CHECK_IN_STEPS)[number];
export type Step = 'language' | CheckInStep | 'done' | 'signOut' | 'goodbye';

export interface VisitorDraft {
  fullName: string;
  phone: string;
  company: string;
  /** null: no document given. */
  docType: VisitDocType | null;
  docNumber: string;
  /** The document as the kiosk's own reader parsed it; the number and type then come from it. */
  scanned: IdDocumentView | null;
  /** A pre-registration's reference, from its `FGV:` QR code. */
  expectedRef: string | null;
  host: KioskHostHit | null;
  hostQuery: string;
  purpose: VisitPurpose | null;
  /** PNG data URL of the on-screen signature. */
  signature: string | null;
  photo: string | null;
}

export const EMPTY_DRAFT: VisitorDraft = {
  fullName: '',
  phone: '',
  company: '',
  docType: null,
  docNumber: '',
  scanned: null,
  expectedRef: null,
  host: null,
  hostQuery: '',
  purpose: null,
  signature: null,
  photo: null,
};

/** A problem to show on a step: a self-service message key, and the field it belongs to (if any). */
export interface StepError {
  key: SelfServiceErrorKey;
  field?: keyof VisitorDraft | 'host';
}

export type SelfServiceErrorKey =
  | 'visit_duplicate'
  | 'rate_limited'
  | 'network'
  | 'validation'
  | 'fullName'
  | 'phone'
  | 'docNumber'
  | 'host'
  | 'hostRequired'
  | 'expectedRef'
  | 'signature'
  | 'photo'
  | 'notFound'
  | 'alreadySignedOut'
  | 'ref'
  | 'unavailable'
  | 'scanFailed'
  | 'notAnId'
  | 'generic';

export interface SelfServiceState {
  step: Step;
  draft: VisitorDraft;
  /** Shown at the top of the current step; cleared when the visitor moves on. */
  error: StepError | null;
  receipt: Receipt | null;
  signOut: SignOutResult | null;
  /** A sign-out QR that turned out to be an invitation: offered for signing in instead. */
  invitation: string | null;
}

export const INITIAL_STATE: SelfServiceState = { step: 'language', draft: EMPTY_DRAFT, error: null, receipt: null, signOut: null, invitation: null };

export type SelfServiceAction =
  | { type: 'go'; step: Step }
  | { type: 'update'; patch: Partial<VisitorDraft> }
  | { type: 'scanned'; document: IdDocumentView }
  | { type: 'invitation'; ref: string }
  | { type: 'error'; error: StepError | null; step?: Step }
  | { type: 'checkedIn'; receipt: Receipt }
  | { type: 'signedOut'; result: SignOutResult }
  | { type: 'offerInvitation'; ref: string }
  /** Forget everything: back to the language screen. */
  | { type: 'wipe' };

export function selfServiceReducer(state: SelfServiceState, action: SelfServiceAction): SelfServiceState {
  switch (action.type) {
    case 'go':
      return { ...state, step: action.step, error: null };
    case 'update': {
      // Changing the field an error was about answers it.
      const answered = state.error?.field !== undefined && state.error.field in action.patch;
      return { ...state, error: answered ? null : state.error, draft: { ...state.draft, ...action.patch } };
    }
    case 'scanned': {
      const doc = action.document;
      return {
        ...state,
        error: null,
        draft: { ...state.draft, fullName: doc.fullName || state.draft.fullName, docType: visitDocTypeOf(doc.type), docNumber: doc.number, scanned: doc },
      };
    }
    case 'invitation':
      return { ...state, error: null, draft: { ...state.draft, expectedRef: action.ref } };
    case 'error':
      return { ...state, error: action.error, step: action.step ?? state.step };
    case 'checkedIn':
      return { ...state, step: 'done', error: null, receipt: action.receipt };
    case 'signedOut':
      return { ...state, step: 'goodbye', error: null, signOut: action.result, invitation: null };
    case 'offerInvitation':
      return { ...state, invitation: action.ref, error: null };
    case 'wipe':
      return INITIAL_STATE;
  }
}

/** The visit document type of a document a reader parsed. */
export function visitDocTypeOf(type: IdDocumentView['type']): VisitDocType {
  switch (type) {
    case 'cccd':
    case 'cn_id':
    case 'passport':
    case 'id_card':
      return type;
    default:
      return 'other';
  }
}

/** The visit reference in a scanned `FGV:<ref>` code, or null when the text is something else. */
export function visitRefOfCode(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.toUpperCase().startsWith(VISIT_QR_PREFIX)) return null;
  const parsed = VisitRef.safeParse(trimmed);
  return parsed.success ? parsed.data : null;
}

/** A typed reference ("v12 345…", with or without `FGV:`), or null when it cannot be one. */
export function typedVisitRef(text: string): string | null {
  const parsed = VisitRef.safeParse(text.replace(/\s+/g, ''));
  return parsed.success ? parsed.data : null;
}

/** The request body of a check-in from what the visitor entered (the host and signature are checked before). */
export function toKioskCheckIn(draft: VisitorDraft, locale: Locale): KioskCheckIn {
  const host = draft.host;
  return {
    locale,
    fullName: draft.fullName,
    phone: draft.phone,
    company: draft.company,
    document:
      draft.docType !== null && draft.docNumber.trim() !== ''
        ? { type: draft.docType, number: draft.docNumber, source: draft.scanned ? 'scan' : 'manual', scanned: draft.scanned }
        : null,
    purpose: draft.purpose ?? 'service',
    host: {
      personId: host?.kind === 'person' ? host.id : null,
      unitId: host?.kind === 'unit' ? host.id : null,
      companyId: host?.kind === 'company' ? host.id : null,
    },
    rulesAccepted: true,
    signature: draft.signature,
    photo: draft.photo,
    expectedRef: draft.expectedRef,
  };
}

/** The step where a field of the check-in request is entered, for sending the visitor back to fix it. */
export function stepOfField(path: readonly (string | number)[]): { step: CheckInStep; field: StepError['field'] } {
  const [head] = path;
  switch (head) {
    case 'fullName':
      return { step: 'identity', field: 'fullName' };
    case 'phone':
      return { step: 'identity', field: 'phone' };
    case 'company':
      return { step: 'identity', field: 'company' };
    case 'document':
      return { step: 'identity', field: 'docNumber' };
    case 'expectedRef':
      return { step: 'identity', field: 'expectedRef' };
    case 'host':
      return { step: 'host', field: 'host' };
    case 'purpose':
      return { step: 'purpose', field: 'purpose' };
    case 'signature':
    case 'rulesAccepted':
      return { step: 'rules', field: 'signature' };
    default:
      return { step: 'photo', field: 'photo' };
  }
}

/** The SVG badge QR code as an <img> source: never put into the page as markup. */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
