/**
 * Backups taken while writes go on are consistent copies: they open, pass integrity_check, and hold whole
 * transactions only (every unit with its audit row, a gap-free prefix of the writer's sequence), including every write
 * acknowledged before the backup began.
 *   - the gateway's own automatic backup: small steps on its connection while HTTP writes and in-step writes go on;
 *   - `frontgate backup` from a separate process: one step in one read transaction while another process writes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import { backupDatabase, verifyDatabaseFile } from '../../gateway/backup.js';
import { faultSetting, fillUnits } from '../support/faults.js';
import { call, startTestGateway } from '../support/gateway.js';
import { root, waitFor } from '../support/processes.js';

const ROUNDS = faultSetting(2, 15);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-bww-'));
  dirs.push(dir);
  return dir;
};

/** Units of one prefix in a backup, and whether each has its audit row and the sequence has no gap. */
function contents(file: string, prefix: string): { units: number; maxSeq: number; withoutAudit: number } {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT count(*) AS units, coalesce(max(CAST(substr(u.code, ${prefix.length + 2}) AS INTEGER)), 0) AS maxSeq,
                sum(NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'unit' AND a.entity_id = CAST(u.id AS TEXT))) AS withoutAudit
         FROM units u WHERE u.code LIKE ? || '-%'`,
      )
      .get(prefix) as { units: number; maxSeq: number; withoutAudit: number };
  } finally {
    db.close();
  }
}

describe('backup while writing', () => {
  it("the gateway's stepped backup copies every write committed before it ends, HTTP or in between steps", async () => {
    const gw = await startTestGateway();
    try {
      await gw.addUser('boss', 'admin');
      const cookie = await gw.login('boss');
      fillUnits(gw.db, 3000, 'BULK');
      let stop = false;
      let acknowledged = 0;
      const writer = (async () => {
        for (let i = 1; !stop; i++) {
          const { status } = await call(gw.base, 'POST', '/api/units', { cookie, body: { code: `HTTP-${i}`, kind: 'shop', floor: 2 } });
          expect(status).toBe(201);
          acknowledged = i;
        }
      })();
      await waitFor(() => acknowledged >= 5, 'the first HTTP writes');
      const insertUnit = gw.db.sqlite.prepare("INSERT INTO units (code, kind, floor, created_at, updated_at) VALUES (?, 'office', 3, 1, 1)");
      const insertAudit = gw.db.sqlite.prepare("INSERT INTO audit_log (at, action, entity, entity_id) VALUES (1, 'unit.create', 'unit', ?)");
      let stepWrites = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const ackedBefore = acknowledged;
        const file = join(gw.dataDir, `round-${round}.db`);
        const result = await backupDatabase(gw.db, file, {
          pagesPerStep: 8,
          onProgress: () => {
            stepWrites++;
            gw.db.sqlite.transaction(() => insertAudit.run(String(insertUnit.run(`STEP-${stepWrites}`).lastInsertRowid)))();
          },
        });
        expect(verifyDatabaseFile(result.path).problems).toEqual([]);
        const http = contents(file, 'HTTP');
        expect(http.units).toBe(http.maxSeq);
        expect(http.units).toBeGreaterThanOrEqual(ackedBefore);
        expect(http.withoutAudit).toBe(0);
        // Every write made between steps is in the copy: same-connection writes are carried into it.
        expect(contents(file, 'STEP')).toEqual({ units: stepWrites, maxSeq: stepWrites, withoutAudit: 0 });
      }
      expect(stepWrites).toBeGreaterThan(ROUNDS);
      stop = true;
      await writer;
    } finally {
      await gw.stop();
    }
  }, 120_000);

  it('`frontgate backup` from another process is a consistent snapshot while a second process writes', async () => {
    const dir = tempDir();
    const path = join(dir, 'frontgate.db');
    const setup = openDatabase(path);
    migrate(setup);
    fillUnits(setup, 2000, 'BULK');
    closeDatabase(setup);
    // The writer: another process committing unit + audit row pairs as fast as it can, printing each sequence number.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require('better-sqlite3');
         const db = new Database(process.argv[1]);
         db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma('busy_timeout = 10000');
         const unit = db.prepare("INSERT INTO units (code, kind, floor, created_at, updated_at) VALUES (?, 'shop', 1, 1, 1)");
         const audit = db.prepare("INSERT INTO audit_log (at, action, entity, entity_id) VALUES (1, 'unit.create', 'unit', ?)");
         const write = db.transaction((n) => audit.run(String(unit.run('PROC-' + n).lastInsertRowid)));
         let n = 0, stop = false;
         process.stdin.on('data', () => { stop = true; }); process.stdin.on('end', () => { stop = true; });
         (function loop() { if (stop) { db.close(); return; } for (let i = 0; i < 20; i++) { write(++n); process.stdout.write(n + '\\n'); } setImmediate(loop); })();`,
        path,
      ],
      { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let output = '';
    writer.stdout.on('data', (d) => (output += String(d)));
    const acked = () => Number(/(\d+)\n$/.exec(output)?.[1] ?? 0);
    const exited = new Promise<number | null>((resolve) => writer.once('exit', resolve));
    try {
      await waitFor(() => acked() >= 100, 'the writer process to commit');
      const reader = openDatabase(path, { busyTimeoutMs: 30_000 });
      try {
        for (let round = 0; round < ROUNDS; round++) {
          const ackedBefore = acked();
          const file = join(dir, `snapshot-${round}.db`);
          await backupDatabase(reader, file);
          expect(verifyDatabaseFile(file).problems).toEqual([]);
          const proc = contents(file, 'PROC');
          expect(proc.units).toBe(proc.maxSeq);
          expect(proc.units).toBeGreaterThanOrEqual(ackedBefore);
          expect(proc.withoutAudit).toBe(0);
          await waitFor(() => acked() > ackedBefore + 20, 'more writes before the next round');
        }
      } finally {
        reader.sqlite.close();
      }
    } finally {
      writer.stdin.end('stop\n');
      expect(await exited).toBe(0);
    }
  }, 120_000);
});
