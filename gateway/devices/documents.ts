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

/** One line of an ICAO MRZ: TD1 (3 × 30), TD2 (2 × 36) or TD3 (2 × 44). */
const MRZ_LINE = /^(?:[A-Z0-9<]{30}|[A-Z0-9<]{36}|[A-Z0-9<]{44})$/;
const MRZ_LINES: Record<number, number> = { 30: 3, 36: 2, 44: 2 };

/**
 * Line-based scanners and MRZ readers send a passport's MRZ one line at a time. This joins consecutive MRZ lines
 * of one device into one text; an incomplete group is passed on as it is after `waitMs`, so nothing is held back.
 */
export class MrzLineAssembler {
  #lines: string[] = [];
  #timer: { cancel(): void } | undefined;

  constructor(
    private readonly emit: (text: string) => void,
    private readonly schedule: (fn: () => void, ms: number) => { cancel(): void },
    private readonly waitMs = 400,
  ) {}

  push(text: string): void {
    const line = text.trim();
    if (!MRZ_LINE.test(line)) {
      this.flush();
      this.emit(text);
      return;
    }
    if (this.#lines.length > 0 && this.#lines[0]!.length !== line.length) this.flush();
    this.#lines.push(line);
    if (this.#lines.length === MRZ_LINES[line.length]) {
      this.flush();
      return;
    }
    this.#timer?.cancel();
    this.#timer = this.schedule(() => this.flush(), this.waitMs);
  }

  /** Drops what is pending without emitting it (the device is closing). */
  cancel(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#lines = [];
  }

  flush(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    if (this.#lines.length === 0) return;
    const text = this.#lines.join('\n');
    this.#lines = [];
    this.emit(text);
  }
}
