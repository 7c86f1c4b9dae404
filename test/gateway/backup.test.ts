/** Backups, restore, the data directory's lock and personal-data key rotation (docs/operations.md). */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../db/connection.js';
import { SCHEMA_VERSION, migrate, migrations } from '../../db/migrate.js';
import pino from 'pino';
import { openDataDir, startGateway } from '../../gateway/app.js';
import { BackupScheduler } from '../../gateway/backup-scheduler.js';
import { loadConfig } from '../../gateway/config.js';
import { BackupError, backupDatabase, backupFileName, copyKeys, keyCopyPaths, listBackups, rotateBackups, verifyDatabaseFile } from '../../gateway/backup.js';
import { InstanceLockedError, acquireInstanceLock, instanceLockOwner } from '../../gateway/instance-lock.js';
import { resealPersonalData, sealedKeyUsage } from '../../gateway/key-rotation.js';
import { PERSONAL_DATA_KEY_FILE, PersonalDataCipher, loadOrCreateKeyRing, rotateKeyRing } from '../../gateway/personal-data.js';
import { restoreBackup } from '../../gateway/restore.js';
import { SECRET_KEY_FILE, loadOrCreateSecretKey } from '../../gateway/secret-key.js';
import { fillUnits, insertSealedVisit } from '../support/faults.js';
import { TestClock, call, startTestGateway } from '../support/gateway.js';
import { runCli, waitFor } from '../support/processes.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontgate-backup-'));
  dirs.push(dir);
  return dir;
};
/** A migrated FrontGate database at <dir>/frontgate.db with some units. */
const dataDirWithDb = (units = 20) => {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'frontgate.db'));
  migrate(db);
  fillUnits(db, units);
  return { dir, db };
};
const quiet = { info: () => undefined, error: () => undefined };

describe('backup files', () => {
  it('are named by UTC time, listed newest first, and rotated oldest first with their key copies', () => {
    const dir = tempDir();
    expect(backupFileName(Date.parse('2026-11-23T03:04:05.678Z'))).toBe('frontgate-20261123T030405Z.db');
    const times = ['2026-11-20T03:00:00Z', '2026-11-22T03:00:00Z', '2026-11-21T03:00:00Z', '2026-11-23T03:00:00Z'].map(Date.parse);
    for (const t of times) writeFileSync(join(dir, backupFileName(t)), 'x');
    writeFileSync(join(dir, 'by-hand.db'), 'kept: not a FrontGate name');
    const oldestKeys = keyCopyPaths(join(dir, backupFileName(times[0] as number)));
    for (const path of Object.values(oldestKeys)) writeFileSync(path, 'key');

    expect(listBackups(dir).map((b) => b.takenAt.toISOString())).toEqual(['2026-11-23T03:00:00.000Z', '2026-11-22T03:00:00.000Z', '2026-11-21T03:00:00.000Z', '2026-11-20T03:00:00.000Z']);
    expect(rotateBackups(dir, 2).map((p) => p.slice(dir.length + 1))).toEqual(['frontgate-20261121T030000Z.db', 'frontgate-20261120T030000Z.db']);
    expect(listBackups(dir)).toHaveLength(2);
    expect(Object.values(oldestKeys).some((p) => existsSync(p))).toBe(false);
    expect(existsSync(join(dir, 'by-hand.db'))).toBe(true);
  });

  it('copy an open database into a checked, self-contained, private file, and never overwrite one', async () => {
    const { dir, db } = dataDirWithDb(200);
    const dest = join(dir, 'backups', 'one.db');
    const result = await backupDatabase(db, dest, { pagesPerStep: 5 });
    expect(result).toMatchObject({ path: dest, schemaVersion: SCHEMA_VERSION });
    expect(statSync(dest).mode & 0o777).toBe(0o600);
    expect(existsSync(`${dest}-wal`) || existsSync(`${dest}.partial`)).toBe(false);
    const copy = new Database(dest, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.prepare('SELECT count(*) AS n FROM units').get()).toEqual({ n: 200 });
    copy.close();
    await expect(backupDatabase(db, dest)).rejects.toThrow(BackupError);
    closeDatabase(db);
  });

  it('are verified before a restore: SQLite, integrity, FrontGate tables, schema version', async () => {
    const { dir, db } = dataDirWithDb();
    const good = join(dir, 'good.db');
    await backupDatabase(db, good);
    closeDatabase(db);
    expect(verifyDatabaseFile(good)).toEqual({ problems: [], schemaVersion: SCHEMA_VERSION });

    const text = join(dir, 'notes.db');
    writeFileSync(text, 'these are not the pages you are looking for'.repeat(200));
    expect(verifyDatabaseFile(text).problems.join()).toMatch(/not a SQLite database/);

    const foreign = join(dir, 'foreign.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE songs (title TEXT)');
    other.pragma('user_version = 3');
    other.close();
    expect(verifyDatabaseFile(foreign).problems.join()).toMatch(/not a FrontGate database \(schema version 3, no site, users, audit_log, cards, outbox table\)/);

    const newer = join(dir, 'newer.db');
    await backupDatabase(openDatabase(good, { readonly: true }), newer);
    const bump = new Database(newer);
    bump.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    bump.close();
    expect(verifyDatabaseFile(newer).problems.join()).toMatch(new RegExp(`schema version ${SCHEMA_VERSION + 1} is newer than this FrontGate supports`));
    expect(verifyDatabaseFile(join(dir, 'missing.db')).problems.join()).toMatch(/does not exist/);
  });
});

describe('upgrades', () => {
  it('copy an existing database before migrating it, never a new one', () => {
    const dir = tempDir();
    const config = loadConfig({ env: {}, overrides: { dataDir: dir, logLevel: 'silent' } });
    closeDatabase(openDataDir(config, new TestClock()));
    expect(existsSync(join(dir, 'backups'))).toBe(false);

    rmSync(join(dir, 'frontgate.db'));
    const old = openDatabase(join(dir, 'frontgate.db'));
    migrate(old, migrations.filter((m) => m.version <= 3));
    closeDatabase(old);
    const db = openDataDir(config, new TestClock(Date.parse('2026-11-23T03:00:00Z')));
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    closeDatabase(db);
    const copy = join(dir, 'backups', 'before-upgrade-schema-3-20261123T030000Z.db');
    expect(verifyDatabaseFile(copy)).toEqual({ problems: [], schemaVersion: 3 });
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    expect(listBackups(join(dir, 'backups'))).toEqual([]);
  });
});

describe('the data directory lock', () => {
  it('lets one process at a time use a data directory and names the holder', () => {
    const dir = tempDir();
    expect(instanceLockOwner(dir)).toBeNull();
    const lock = acquireInstanceLock(dir, 'gateway');
    expect(instanceLockOwner(dir)).toMatchObject({ pid: process.pid, purpose: 'gateway' });
    expect(() => acquireInstanceLock(dir, 'restore')).toThrow(InstanceLockedError);
    expect(() => acquireInstanceLock(dir, 'restore')).toThrow(new RegExp(`a FrontGate gateway \\(pid ${process.pid} on .*\\) is using the data directory`));
    lock.release();
    acquireInstanceLock(dir, 'restore').release();
  });

  it('keeps a gateway from starting during a restore, and is free again after a failed start', async () => {
    const dir = tempDir();
    const config = loadConfig({ env: {}, overrides: { dataDir: dir, port: 0, logLevel: 'silent' } });
    const restoring = acquireInstanceLock(dir, 'restore');
    await expect(startGateway(config, { logger: pino({ level: 'silent' }) })).rejects.toThrow(/`frontgate restore` \(pid \d+ .*\) is using the data directory/);
    restoring.release();
    const gateway = await startGateway(config, { logger: pino({ level: 'silent' }) });
    expect(instanceLockOwner(dir)).toMatchObject({ purpose: 'gateway', pid: process.pid });
    await gateway.close();
    expect(instanceLockOwner(dir)).toBeNull();
  });
});

describe('restore', () => {
  it('refuses while a gateway runs on the data directory', async () => {
    const gw = await startTestGateway();
    try {
      const backup = join(tempDir(), 'b.db');
      await backupDatabase(gw.db, backup);
      expect(() => restoreBackup({ dataDir: gw.dataDir, file: backup })).toThrow(/a FrontGate gateway \(pid \d+ .*\) is using the data directory .*stop it first/);
      expect(gw.db.sqlite.prepare('SELECT count(*) AS n FROM site').get()).toEqual({ n: 1 });
    } finally {
      await gw.stop();
    }
  });

  it('keeps the present database aside, restores missing keys from the backup copies and warns about keys the ring lacks', async () => {
    const { dir, db } = dataDirWithDb(5);
    loadOrCreateSecretKey(dir);
    const cipher = new PersonalDataCipher(loadOrCreateKeyRing(dir));
    insertSealedVisit(db, cipher, 'V-1', '079301001234');
    const backup = join(dir, 'backups', backupFileName(Date.parse('2026-11-23T03:00:00Z')));
    await backupDatabase(db, backup);
    expect(copyKeys(dir, backup).sort()).toEqual(Object.values(keyCopyPaths(backup)).sort());
    expect(statSync(keyCopyPaths(backup)[SECRET_KEY_FILE]).mode & 0o777).toBe(0o600);
    fillUnits(db, 3, 'LATER');
    closeDatabase(db);

    // The PC is replaced: the secret key is lost; the key ring is a newer one that lacks key 1.
    rmSync(join(dir, SECRET_KEY_FILE));
    writeFileSync(join(dir, PERSONAL_DATA_KEY_FILE), `2 ${'c'.repeat(64)}\n`);
    const result = restoreBackup({ dataDir: dir, file: backup, now: new Date('2026-11-24T08:00:00Z') });
    expect(result.previous).toBe(join(dir, 'frontgate.db.before-restore-20261124T080000Z'));
    expect(result.keysCopied).toEqual([join(dir, SECRET_KEY_FILE)]);
    expect(readFileSync(join(dir, SECRET_KEY_FILE), 'utf8')).toBe(readFileSync(keyCopyPaths(backup)[SECRET_KEY_FILE], 'utf8'));
    expect(result.warnings.join()).toMatch(/2 visitor value\(s\) are sealed with key 1, which .*personal-data.key does not have/);

    const restored = openDatabase(join(dir, 'frontgate.db'), { quickCheck: true });
    expect(restored.sqlite.prepare("SELECT count(*) AS n FROM units WHERE code LIKE 'LATER-%'").get()).toEqual({ n: 0 });
    closeDatabase(restored);
    const previous = new Database(result.previous as string, { readonly: true });
    expect(previous.prepare("SELECT count(*) AS n FROM units WHERE code LIKE 'LATER-%'").get()).toEqual({ n: 3 });
    previous.close();
  });
});

describe('automatic backups', () => {
  it('back up a running gateway after start when none is recent, rotate, and show in /api/health', async () => {
    const clock = new TestClock();
    const backupDir = join(tempDir(), 'auto');
    mkdirSync(backupDir);
    for (const day of [18, 19, 20]) writeFileSync(join(backupDir, backupFileName(Date.parse(`2026-11-${day}T03:00:00Z`))), 'old');
    const gw = await startTestGateway({ clock, overrides: { backupDir, backupKeep: 2, backupIntervalHours: 24 }, backupStartDelayMs: 0 });
    try {
      const done = await waitFor(async () => {
        const { body } = await call(gw.base, 'GET', '/api/health');
        return body.backups.lastAt === '2026-11-23T03:00:00.000Z' && body.backups;
      }, 'the first automatic backup');
      expect(done).toEqual({ enabled: true, lastAt: '2026-11-23T03:00:00.000Z', lastError: null, nextAt: '2026-11-24T03:00:00.000Z' });
      expect(listBackups(backupDir).map((b) => b.path.slice(backupDir.length + 1))).toEqual(['frontgate-20261123T030000Z.db', 'frontgate-20261120T030000Z.db']);
      expect(verifyDatabaseFile(join(backupDir, 'frontgate-20261123T030000Z.db')).problems).toEqual([]);
    } finally {
      await gw.stop();
    }
  });

  it('are not due again before the interval, and a failed one is reported and retried', async () => {
    const { dir, db } = dataDirWithDb();
    const clock = new TestClock(Date.parse('2026-11-23T10:00:00Z'));
    const backupDir = join(dir, 'backups');
    mkdirSync(backupDir);
    writeFileSync(join(backupDir, backupFileName(Date.parse('2026-11-23T03:00:00Z'))), 'recent');
    const scheduler = new BackupScheduler({ db, clock, dir: backupDir, keep: 3, intervalMs: 24 * 3600_000, log: quiet });
    scheduler.start();
    expect(scheduler.status()).toMatchObject({ enabled: true, lastAt: '2026-11-23T03:00:00.000Z', nextAt: '2026-11-24T03:00:00.000Z', lastError: null });
    // A file where the next backup would go: the backup fails, says why, and nothing half-written stays.
    mkdirSync(join(backupDir, backupFileName(clock.now())));
    await expect(scheduler.runNow()).rejects.toThrow(/already exists/);
    expect(scheduler.status().lastError).toMatch(/already exists/);
    clock.advance(1000);
    await scheduler.runNow();
    expect(scheduler.status()).toMatchObject({ lastAt: '2026-11-23T10:00:01.000Z', lastError: null });
    await scheduler.stop();
    const off = new BackupScheduler({ db, clock, dir: backupDir, keep: 3, intervalMs: 0, log: quiet });
    off.start();
    expect(off.status()).toMatchObject({ enabled: false, nextAt: null });
    closeDatabase(db);
  });
});

describe('personal-data key rotation', () => {
  it('re-seals every stored value with the new key; old values read the same', () => {
    const { dir, db } = dataDirWithDb(1);
    const before = new PersonalDataCipher(loadOrCreateKeyRing(dir));
    for (let i = 0; i < 5; i++) insertSealedVisit(db, before, `V-${i}`, `07930100${i}`);
    expect([...sealedKeyUsage(db.sqlite)]).toEqual([[1, 10]]);
    expect(rotateKeyRing(dir)).toBe(2);
    const after = new PersonalDataCipher(loadOrCreateKeyRing(dir));
    expect(resealPersonalData(db, after, 2)).toBe(10);
    expect([...sealedKeyUsage(db.sqlite)]).toEqual([[2, 10]]);
    const rows = db.sqlite.prepare('SELECT doc_number_sealed AS doc FROM visits ORDER BY id').all() as { doc: Buffer }[];
    expect(rows.map((r) => after.openText(r.doc, 'visits.doc_number'))).toEqual([0, 1, 2, 3, 4].map((i) => `07930100${i}`));
    expect(resealPersonalData(db, after)).toBe(0);
    closeDatabase(db);
  });

  it('`frontgate keys rotate --reseal` and `keys status` from the command line', async () => {
    const { dir, db } = dataDirWithDb(1);
    insertSealedVisit(db, new PersonalDataCipher(loadOrCreateKeyRing(dir)), 'V-1', '079301001234');
    closeDatabase(db);
    const rotated = await runCli(['keys', 'rotate', '--reseal', '--data', dir]);
    expect(rotated.stderr).toBe('');
    expect(rotated.stdout).toMatch(/added personal-data key 2[\s\S]*re-sealed 2 value\(s\) with key 2; keys no longer used: 1[\s\S]*back up .*personal-data.key now/);
    const status = await runCli(['keys', 'status', '--data', dir]);
    expect(status.stdout).toMatch(/current key 2\n {2}key 1: 0 sealed value\(s\)\n {2}key 2 \(current\): 2 sealed value\(s\)/);
  }, 60_000);
});
