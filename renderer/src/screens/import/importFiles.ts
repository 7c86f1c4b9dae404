import { importColumns, type ImportFileError, type ImportJob, type ImportKind } from '../../contract.js';

/** A header-only CSV template; the BOM makes Excel open it as UTF-8 (Vietnamese and Chinese names). */
export function templateCsv(kind: ImportKind): string {
  return `\uFEFF${importColumns[kind].join(',')}\r\n`;
}

export function templateFileName(kind: ImportKind): string {
  return `frontgate-${kind}-template.csv`;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export const finalStates: ReadonlySet<ImportJob['state']> = new Set(['done', 'rejected', 'failed']);

const stateRank: Record<ImportJob['state'], number> = { checking: 0, writing: 1, done: 2, rejected: 2, failed: 2 };

/**
 * Polling and events can arrive out of order: keep whichever snapshot is further along, and never
 * leave a final state.
 */
export function newerJob(current: ImportJob | null, next: ImportJob): ImportJob {
  if (!current || current.id !== next.id) return next;
  if (finalStates.has(current.state)) return current;
  if (stateRank[next.state] !== stateRank[current.state]) return stateRank[next.state] > stateRank[current.state] ? next : current;
  return next.checkedRows >= current.checkedRows ? next : current;
}

/** Column codes whose sentence names the columns concerned. */
const columnCodes: ReadonlySet<ImportFileError['code']> = new Set(['missing_columns', 'unknown_columns']);

/**
 * A whole-file problem in the user's language: the catalog key for its code and the column list to interpolate.
 * `detail` (the gateway's log text) is not part of the sentence; the screen shows it as secondary text.
 */
export function fileErrorMessage(error: ImportFileError): { key: `importFileErrors.${ImportFileError['code']}`; columns: string } {
  return { key: `importFileErrors.${error.code}`, columns: columnCodes.has(error.code) ? error.columns.join(', ') : '' };
}
