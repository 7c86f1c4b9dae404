import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError, closeDatabase, openDatabase } from '../../db/connection.js';
import { SCHEMA_VERSION, SchemaTooNewError, migrate, migrations, schemaVersion } from '../../db/migrate.js';
import { tempDb } from '../support/db.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));
const fresh = () => {
  const t = tempDb();
  cleanups.push(t.dispose);
  return t;
};

describe('database connection', () => {
  it('uses WAL, synchronous FULL, foreign keys and a busy timeout', () => {
    const { db } = fresh();
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('refuses a file that is not a SQLite database', () => {
    const { dir } = fresh();
    const path = join(dir, 'foreign.db');
    writeFileSync(path, 'this is a spreadsheet, not a database'.repeat(200));
    expect(() => openDatabase(path)).toThrow(DatabaseOpenError);
    try {
      openDatabase(path);
    } catch (error) {
      expect((error as DatabaseOpenError).code).toBe('not_a_database');
    }
  });
});

describe('migrations', () => {
  it('bring a new database to the latest version and are idempotent', () => {
    const { db } = fresh();
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(migrate(db)).toEqual([]);
  });

  it('create STRICT tables that reject wrongly typed values', () => {
    const { db } = fresh();
    const strict = db.sqlite.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND strict = 0 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'people_fts%'").all();
    expect(strict).toEqual([]);
    expect(() => db.sqlite.prepare("INSERT INTO units (code, kind, floor, created_at, updated_at) VALUES ('A-1', 'apartment', 'tenth', 1, 1)").run()).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => db.sqlite.prepare("INSERT INTO units (code, kind, floor, created_at, updated_at) VALUES ('A-1', 'castle', 1, 1, 1)").run()).toThrow(/CHECK constraint/);
  });

  it('enforce foreign keys', () => {
    const { db } = fresh();
    expect(() => db.sqlite.prepare("INSERT INTO unit_people (unit_id, person_id, relation) VALUES (99, 99, 'owner')").run()).toThrow(/FOREIGN KEY/);
  });

  it('refuse a database newer than the code', () => {
    const { db } = fresh();
    db.sqlite.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
  });

  it('roll a failing migration back whole, leaving the version where it was', () => {
    const { dir } = fresh();
    const db = openDatabase(join(dir, 'partial.db'));
    cleanups.push(() => closeDatabase(db));
    const broken = [...migrations, { version: SCHEMA_VERSION + 1, name: 'broken', up: 'CREATE TABLE half_done (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1);' }];
    expect(() => migrate(db, broken)).toThrow(/no such table/);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
  });
});
