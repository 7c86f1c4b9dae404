import { IdParseError, detectAndParse, type IdDocument } from '../../drivers/index.js';
import type { IdDocumentView } from '../contract/index.js';

/** The desk form's view of a document: everything parsed, the photo only as "present". */
export function idDocumentView(doc: IdDocument): IdDocumentView {
  const { photo, raw: _raw, ...rest } = doc;
  return { ...rest, hasPhoto: photo !== undefined };
}

export type ScanOutcome =
  | { kind: 'document'; document: IdDocumentView }
  | { kind: 'invalid'; error: { code: string; detail: string; checks: { name: string; passed: boolean; detail?: string }[] } }
  | { kind: 'code'; text: string };

/** A scanned string is an ID document, a document that fails its checks, or some other code (a visit QR, …). */
export function classifyScan(text: string): ScanOutcome {
  try {
    return { kind: 'document', document: idDocumentView(detectAndParse(text)) };
  } catch (error) {
    if (error instanceof IdParseError && error.code !== 'unrecognized') {
      return { kind: 'invalid', error: { code: error.code, detail: error.detail, checks: error.checks } };
    }
    if (error instanceof IdParseError) return { kind: 'code', text };
    throw error;
  }
}
