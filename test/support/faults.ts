/**
 * Fault-suite settings and helpers. `npm run test:faults` sets FRONTGATE_FAULTS=full (long runs); `npm test` runs the
 * same files with the short settings. FRONTGATE_FAULT_RUNS overrides the fuzz runs per parser property.
 */
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import type { Db } from '../../db/connection.js';
import type { PersonalDataCipher } from '../../gateway/personal-data.js';

export const FULL = process.env.FRONTGATE_FAULTS === 'full';
/** Short in CI, long in `npm run test:faults`. */
export const faultSetting = (short: number, full: number) => (FULL ? full : short);
export const FUZZ_RUNS = Number(process.env.FRONTGATE_FAULT_RUNS ?? faultSetting(300, 20_000));

/** Rows of the tables every change writes to: the domain row, its audit row, its outbox event. */
export function rowCounts(db: Db): { units: number; audit: number; outbox: number } {
  const n = (table: string) => (db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { units: n('units'), audit: n('audit_log'), outbox: n('outbox') };
}

/** Overwrites `count` pages before the last one with 0xAB bytes (table and index b-tree pages of a filled database). */
export function corruptPages(path: string, count = 2, pageSize = 4096): void {
  const pages = Math.floor(statSync(path).size / pageSize);
  if (pages < count + 3) throw new Error(`${path} has only ${pages} pages; fill it first`);
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize * count, 0xab), 0, pageSize * count, pageSize * (pages - count - 1));
  } finally {
    closeSync(fd);
  }
}

/** Adds `count` units with a long note straight into the database (to give it pages to damage or copy). */
export function fillUnits(db: Db, count: number, prefix = 'F'): void {
  const insert = db.sqlite.prepare("INSERT INTO units (code, kind, floor, note, created_at, updated_at) VALUES (?, 'shop', 1, ?, 1, 1)");
  db.sqlite.transaction(() => {
    for (let i = 0; i < count; i++) insert.run(`${prefix}-${i}`, 'x'.repeat(300));
  })();
}

/** A visit row carrying sealed personal data (as the visits service stores it). */
export function insertSealedVisit(db: Db, cipher: PersonalDataCipher, ref: string, docNumber: string): void {
  db.sqlite
    .prepare(
      `INSERT INTO visits (ref, status, channel, visitor_name, visitor_name_folded, host_label, purpose, doc_number_sealed, photo_sealed, created_at, updated_at)
       VALUES (?, 'checked_out', 'desk', 'Nguyễn Văn A', 'nguyen van a', 'A-1', 'service', ?, ?, 1, 1)`,
    )
    .run(ref, cipher.seal(docNumber, 'visits.doc_number'), cipher.seal(`photo of ${docNumber}`, 'visits.photo'));
}
