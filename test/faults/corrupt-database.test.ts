/**
 * A damaged or foreign database file at start: the gateway refuses it before anything is written, and says which file,
 * what is wrong, and the exact restore command with the newest backup. The start command exits 1 without a stack trace.
 * A database too large to check before listening is checked right after start; damage then shows in /api/health.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, closeDatabase, openDatabase } from '../../db/connection.js';
import { migrate } from '../../db/migrate.js';
import pino from 'pino';
import { openDataDir, startGateway } from '../../gateway/app.js';
import { backupDatabase, backupFileName, databaseRefusal } from '../../gateway/backup.js';
import { loadConfig, type Config } from '../../gateway/config.js';
import { restoreBackup } from '../../gateway/restore.js';
import { corruptPages, fillUnits } from '../support/faults.js';
import { call } from '../support/gateway.js';
import { runCli, waitFor } from '../support/processes.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A data directory with a filled FrontGate database and one backup of it taken at 03:00 UTC. */
async function dataDirWithBackup(): Promise<{ config: Config; database: string; backup: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-corrupt-'));
  dirs.push(dataDir);
  const config = loadConfig({ env: {}, overrides: { dataDir, logLevel: 'silent' } });
  const database = join(dataDir, 'frontgate.db');
  const db = openDatabase(database);
  migrate(db);
  fillUnits(db, 400);
  const backup = join(dataDir, 'backups', backupFileName(Date.parse('2026-11-23T03:00:00Z')));
  await backupDatabase(db, backup);
  closeDatabase(db);
  return { config, database, backup };
}

const refusalOf = (config: Config): DatabaseOpenError => {
  try {
    closeDatabase(openDataDir(config));
  } catch (error) {
    if (error instanceof DatabaseOpenError) return error;
    throw error;
  }
  throw new Error('the database was accepted');
};

describe('a damaged or foreign database at start', () => {
  it('refuses damaged pages, naming the file and the restore command with the newest backup', async () => {
    const { config, database, backup } = await dataDirWithBackup();
    corruptPages(database, 3);
    const error = refusalOf(config);
    expect(error).toMatchObject({ code: 'corrupt', path: database });
    const message = databaseRefusal(error, config);
    expect(message).toContain(`error: cannot use the database ${database} (corrupt): it is damaged.`);
    expect(message).toContain(`  npx frontgate restore ${backup} --data ${config.dataDir}\n(newest backup, taken 2026-11-23T03:00:00.000Z)`);

    // The advice works: restore, then the gateway opens the database again with the backup's rows.
    const restored = restoreBackup({ dataDir: config.dataDir, file: backup });
    expect(restored.previous).toMatch(/frontgate\.db\.before-restore-\d{8}T\d{6}Z$/);
    const db = openDataDir(config);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM units').get()).toEqual({ n: 400 });
    closeDatabase(db);
  });

  it('refuses a file cut short (a torn copy)', async () => {
    const { config, database } = await dataDirWithBackup();
    truncateSync(database, Math.floor(statSync(database).size / 2));
    expect(refusalOf(config).code).toMatch(/^(corrupt|not_a_database)$/);
  });

  it("refuses another program's SQLite database without writing FrontGate's tables into it", async () => {
    const { config, database } = await dataDirWithBackup();
    rmSync(database);
    const other = new Database(database);
    other.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5)");
    other.close();
    const error = refusalOf(config);
    expect(error).toMatchObject({ code: 'foreign' });
    expect(databaseRefusal(error, config)).toMatch(/\(foreign\): it is not a FrontGate database\.\n {2}.*tables invoices already exist/);
    const after = new Database(database, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all()).toEqual([{ name: 'invoices' }]);
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    after.close();
  });

  it('checks a large database after start, in the background: damaged → health degraded and the restore command logged', async () => {
    const { config, database, backup } = await dataDirWithBackup();
    corruptPages(database, 3);
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    // quickCheckAtOpenMaxBytes 0: every database counts as large, so the check runs in the worker after start.
    const gateway = await startGateway({ ...config, port: 0 }, { logger, quickCheckAtOpenMaxBytes: 0 });
    try {
      const health = await waitFor(async () => {
        const { body } = await call(gateway.url, 'GET', '/api/health');
        return body.database.integrity !== 'checking' && body;
      }, 'the background integrity check');
      expect(health).toMatchObject({ status: 'degraded', database: { integrity: 'damaged' } });
      const logged = lines.map((l) => JSON.parse(l) as { msg: string }).find((l) => l.msg.includes('(corrupt)'));
      expect(logged?.msg).toContain(`npx frontgate restore ${backup} --data ${config.dataDir}`);
    } finally {
      await gateway.close();
    }
  });

  it('reports a healthy large database as ok once the background check is done', async () => {
    const { config } = await dataDirWithBackup();
    const gateway = await startGateway({ ...config, port: 0 }, { logger: pino({ level: 'silent' }), quickCheckAtOpenMaxBytes: 0 });
    try {
      const health = await waitFor(async () => {
        const { body } = await call(gateway.url, 'GET', '/api/health');
        return body.database.integrity !== 'checking' && body;
      }, 'the background integrity check');
      expect(health).toMatchObject({ status: 'ok', database: { integrity: 'ok' } });
    } finally {
      await gateway.close();
    }
  });

  it('`frontgate start` prints the refusal and the restore command, exits 1, and shows no stack trace', async () => {
    const { config, database, backup } = await dataDirWithBackup();
    corruptPages(database, 3);
    const started = await runCli(['start', '--data', config.dataDir, '--port', '0']);
    expect(started.code).toBe(1);
    expect(started.stderr).toContain(`cannot use the database ${database} (corrupt)`);
    expect(started.stderr).toContain(`npx frontgate restore ${backup} --data ${config.dataDir}`);
    expect(started.stderr).not.toMatch(/\n\s+at /);
    expect(started.stdout).not.toMatch(/running at/);
  }, 60_000);
});
