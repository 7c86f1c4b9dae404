/**
 * Rotation of the personal-data key ring (gateway/personal-data.ts): which keys the sealed values use, and re-sealing
 * them with the current key so an old key can be retired. Re-sealing runs with the gateway stopped (a running gateway
 * knows only the keys it loaded at start).
 */
import type Database from 'better-sqlite3';
import { transaction, type Db } from '../db/connection.js';
import { PersonalDataCipher } from './personal-data.js';

/** Every sealed column and the additional data that binds its values to it. */
export const SEALED_COLUMNS = [
  { column: 'doc_number_sealed', aad: 'visits.doc_number' },
  { column: 'doc_data_sealed', aad: 'visits.doc_data' },
  { column: 'photo_sealed', aad: 'visits.photo' },
  { column: 'signature_sealed', aad: 'visits.signature' },
] as const;

/** Sealed values per key id (the two bytes after the version byte of each value). */
export function sealedKeyUsage(sqlite: Database.Database): Map<number, number> {
  const usage = new Map<number, number>();
  for (const { column } of SEALED_COLUMNS) {
    const rows = sqlite.prepare(`SELECT hex(substr(${column}, 2, 2)) AS key, count(*) AS n FROM visits WHERE ${column} IS NOT NULL GROUP BY key`).all() as { key: string; n: number }[];
    for (const row of rows) {
      const id = parseInt(row.key, 16);
      usage.set(id, (usage.get(id) ?? 0) + row.n);
    }
  }
  return usage;
}

/** Re-seals every value not sealed with the current key, in transactions of `batch` visits. Returns the values re-sealed. */
export function resealPersonalData(db: Db, cipher: PersonalDataCipher, batch = 200): number {
  const current = cipher.currentKeyId;
  const stale = SEALED_COLUMNS.map(({ column }) => `(${column} IS NOT NULL AND substr(${column}, 2, 2) != ?)`).join(' OR ');
  const currentBytes = Buffer.alloc(2);
  currentBytes.writeUInt16BE(current);
  const select = db.sqlite.prepare(`SELECT id, ${SEALED_COLUMNS.map((c) => c.column).join(', ')} FROM visits WHERE id > ? AND (${stale}) ORDER BY id LIMIT ?`);
  const update = db.sqlite.prepare(`UPDATE visits SET ${SEALED_COLUMNS.map((c) => `${c.column} = ?`).join(', ')} WHERE id = ?`);
  let resealed = 0;
  let after = 0;
  for (;;) {
    const rows = select.all(after, ...SEALED_COLUMNS.map(() => currentBytes), batch) as (Record<string, Buffer | null> & { id: number })[];
    if (rows.length === 0) return resealed;
    transaction(db, () => {
      for (const row of rows) {
        const values = SEALED_COLUMNS.map(({ column, aad }) => {
          const sealed = row[column] ?? null;
          if (sealed === null || PersonalDataCipher.keyIdOf(sealed) === current) return sealed;
          resealed++;
          return cipher.seal(cipher.open(sealed, aad), aad);
        });
        update.run(...values, row.id);
      }
    });
    after = (rows.at(-1) as { id: number }).id;
  }
}
