import { importColumns, type ImportJob, type ImportKind } from '../../contract.js';

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

export type FileErrorKey = 'empty' | 'missing_columns' | 'unknown_columns' | 'unreadable' | 'other';

/**
 * The gateway reports whole-file problems as English text; recognise the known ones so they can be
 * shown translated, keeping the text (column names) as detail.
 */
export function classifyFileError(fileError: string): FileErrorKey[] {
  const keys: FileErrorKey[] = [];
  const text = fileError.toLowerCase();
  if (text.includes('no data rows')) keys.push('empty');
  if (text.includes('missing columns')) keys.push('missing_columns');
  if (text.includes('unknown columns')) keys.push('unknown_columns');
  if (text.includes('unreadable')) keys.push('unreadable');
  return keys.length > 0 ? keys : ['other'];
}
