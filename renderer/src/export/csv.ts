/**
 * Client-side CSV export: UTF-8 with a byte-order mark (so Excel opens Vietnamese and Chinese text correctly),
 * CRLF line ends, RFC 4180 quoting, and text cells that a spreadsheet would run as a formula made inert.
 */

export type Cell = string | number | boolean | null | undefined;

export const BOM = '\uFEFF';

/** One cell: numbers as they are, text quoted when needed; `=cmd()` and friends get a leading apostrophe. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = value;
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return cells.map(csvCell).join(',');
}

/** The whole file: BOM, header, rows, each line ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return BOM + [header, ...rows].map(csvLine).join('\r\n') + '\r\n';
}

/** "audit-2024-05-01.csv": a file name with today's date in the building's time zone. */
export function csvFileName(base: string, timeZone: string, now = new Date()): string {
  let day: string;
  try {
    day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    day = now.toISOString().slice(0, 10);
  }
  return `${base.replace(/[^\p{L}\p{N}._-]+/gu, '-')}-${day}.csv`;
}

export function downloadCsv(fileName: string, csv: string): void {
  const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface Progress {
  done: number;
  total: number;
}

/**
 * Reads every page of a paged list (`fetchPage(offset, limit)` → items and total), reporting progress after
 * each page; stops early when `signal` aborts.
 */
export async function collectPages<T>(
  fetchPage: (offset: number, limit: number, signal: AbortSignal) => Promise<{ items: T[]; total: number }>,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
  pageSize = 500,
): Promise<T[]> {
  const out: T[] = [];
  let total = Infinity;
  while (out.length < total) {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    const page = await fetchPage(out.length, pageSize, signal);
    total = page.total;
    out.push(...page.items);
    onProgress({ done: out.length, total });
    if (page.items.length === 0) break;
  }
  return out;
}

/** Turns rows into CSV lines in slices, yielding to the browser between slices so a progress bar can move. */
export async function buildCsvInSlices<T>(
  header: readonly string[],
  items: readonly T[],
  toRow: (item: T) => readonly Cell[],
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
  slice = 2000,
): Promise<string> {
  const lines = [csvLine(header)];
  for (let i = 0; i < items.length; i += slice) {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    for (const item of items.slice(i, i + slice)) lines.push(csvLine(toRow(item)));
    onProgress({ done: Math.min(items.length, i + slice), total: items.length });
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
