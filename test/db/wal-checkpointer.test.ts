/**
 * WAL checkpoints in a worker thread (db/wal-checkpointer.ts): the gateway's connection no longer checkpoints every
 * thousand pages, the worker copies the log into the database file while the writer goes on, and stopping it brings
 * the default back. Checked on the files themselves: only a checkpoint grows the main database file.
 */
import { readFileSync, statSync } from 'node:fs';
import { endianness } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { FALLBACK_PAGES, startWalCheckpointer, type WalCheckpointer } from '../../db/wal-checkpointer.js';
import { tempDb } from '../support/db.js';

/**
 * Whether every frame of the log is copied into the database (https://www.sqlite.org/walformat.html: in the wal-index
 * file, the header's mxFrame at byte 16 and the checkpoint information's nBackfill at byte 96, native byte order).
 * Read from the file, so that nothing here checkpoints.
 */
function logFullyCheckpointed(path: string): boolean {
  const shm = readFileSync(`${path}-shm`);
  const u32 = (offset: number) => (endianness() === 'LE' ? shm.readUInt32LE(offset) : shm.readUInt32BE(offset));
  return u32(16) > 0 && u32(96) === u32(16);
}

describe('WAL checkpoints in a worker', () => {
  let dispose: (() => void) | undefined;
  let checkpointer: WalCheckpointer | undefined;
  afterEach(async () => {
    await checkpointer?.stop();
    dispose?.();
  });

  it('copies committed pages into the database file without the writer checkpointing, and stops cleanly', async () => {
    const t = tempDb();
    dispose = t.dispose;
    const { db } = t;
    db.sqlite.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB)');
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    checkpointer = startWalCheckpointer(db, { intervalMs: 20 });
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_PAGES);
    const sizeBefore = statSync(db.path).size;
    // ≈ 2,000 pages: twice SQLite's default checkpoint threshold, a fifth of the fallback.
    const insert = db.sqlite.prepare('INSERT INTO filler (data) VALUES (randomblob(4000))');
    db.sqlite.transaction(() => {
      for (let i = 0; i < 2_000; i++) insert.run();
    })();
    // Just committed: 8 MB of log that no checkpoint can have copied yet.
    expect(logFullyCheckpointed(db.path)).toBe(false);
    await expect.poll(() => statSync(db.path).size, { timeout: 10_000 }).toBeGreaterThan(sizeBefore + 2_000 * 4000);
    // The database file grows while the pages are copied; the log is done with once the checkpoint has completed.
    await expect.poll(() => logFullyCheckpointed(db.path), { timeout: 10_000 }).toBe(true);
    // Every row is there, read back through the writer's connection.
    expect(db.sqlite.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(2_000);
    // The log is reused from its start: the next commits do not grow the WAL file past what one round wrote.
    const walAfterRound = statSync(`${db.path}-wal`).size;
    db.sqlite.transaction(() => {
      for (let i = 0; i < 200; i++) insert.run();
    })();
    expect(statSync(`${db.path}-wal`).size).toBeLessThanOrEqual(walAfterRound);
    await checkpointer.stop();
    checkpointer = undefined;
    expect(db.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
