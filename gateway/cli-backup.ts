/** `frontgate backup`, `frontgate restore` and `frontgate keys …` (docs/operations.md). */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { closeDatabase, openDatabase } from '../db/connection.js';
import { SCHEMA_VERSION } from '../db/migrate.js';
import { openDataDir } from './app.js';
import { KEYS_REMINDER, backupDatabase, backupDirOf, backupFileName, copyKeys } from './backup.js';
import type { Config } from './config.js';
import { DATABASE_FILE } from './data-dir.js';
import { acquireInstanceLock } from './instance-lock.js';
import { resealPersonalData, sealedKeyUsage } from './key-rotation.js';
import { PERSONAL_DATA_KEY_FILE, PersonalDataCipher, loadOrCreateKeyRing, rotateKeyRing } from './personal-data.js';
import { restoreBackup } from './restore.js';

type Options = { data?: string; config?: string };

const kib = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('en')} KiB`;

export function registerBackupCommands(program: Command, configFrom: (options: Options) => Config, fail: (error: unknown) => never): void {
  const common = (command: Command) => command.option('-d, --data <dir>', 'data directory (env FRONTGATE_DATA, default ./data)').option('-c, --config <file>', 'config file');

  common(
    program
      .command('backup [path]')
      .description('copy the database while the gateway runs (default <backupDir>/frontgate-<UTC time>.db); the keys are not in it')
      .option('--with-keys', 'also copy secret.key and personal-data.key beside the backup (mode 0600): keep that copy as safe as the keys'),
  ).action(async (path: string | undefined, options: Options & { withKeys?: boolean }) => {
    try {
      const config = configFrom(options);
      const source = join(config.dataDir, DATABASE_FILE);
      if (!existsSync(source)) throw new Error(`no database in ${config.dataDir} (${DATABASE_FILE}); nothing to back up`);
      const name = backupFileName(Date.now());
      const dest = path === undefined ? join(backupDirOf(config), name) : existsSync(path) && statSync(path).isDirectory() ? join(resolve(path), name) : resolve(path);
      // A plain connection: no migration, no checkpoint, nothing a running gateway would notice but a read.
      const db = openDatabase(source, { busyTimeoutMs: 30_000 });
      try {
        const result = await backupDatabase(db, dest);
        console.log(`backup written: ${result.path} (${kib(result.bytes)}, schema version ${result.schemaVersion}, integrity ok)`);
      } finally {
        db.sqlite.close();
      }
      if (options.withKeys) for (const copy of copyKeys(config.dataDir, dest)) console.log(`key copied:     ${copy}`);
      else console.log(`note: ${KEYS_REMINDER}`);
    } catch (error) {
      fail(error);
    }
  });

  common(
    program
      .command('restore <file>')
      .description('check a backup and put it in place of the database (the gateway must be stopped; the present database is kept aside)'),
  ).action((file: string, options: Options) => {
    try {
      const config = configFrom(options);
      const result = restoreBackup({ dataDir: config.dataDir, file });
      console.log(`restored ${resolve(file)} → ${result.database} (schema version ${result.schemaVersion}, integrity ok)`);
      if (result.previous) console.log(`the database that was there is kept as ${result.previous}`);
      if (result.schemaVersion < SCHEMA_VERSION) console.log(`the gateway upgrades it to schema version ${SCHEMA_VERSION} when it starts`);
      for (const key of result.keysCopied) console.log(`key restored from the backup's copy: ${key}`);
      for (const warning of result.warnings) console.error(`warning: ${warning}`);
      console.log(`note: ${KEYS_REMINDER}`);
      console.log(`start the gateway again: npx frontgate start --data ${config.dataDir} (or sudo systemctl start frontgate)`);
    } catch (error) {
      fail(error);
    }
  });

  const keys = program.command('keys').description(`personal-data key ring (${PERSONAL_DATA_KEY_FILE}): status and rotation`);
  common(keys.command('status').description('list the keys and how many sealed visitor values use each')).action((options: Options) => {
    try {
      const config = configFrom(options);
      const ring = loadOrCreateKeyRing(config.dataDir);
      const dbPath = join(config.dataDir, DATABASE_FILE);
      const usage = existsSync(dbPath) ? usageOf(dbPath) : new Map<number, number>();
      console.log(`${join(config.dataDir, PERSONAL_DATA_KEY_FILE)}: current key ${ring.currentId}`);
      for (const id of ring.keys.keys()) console.log(`  key ${id}${id === ring.currentId ? ' (current)' : ''}: ${usage.get(id) ?? 0} sealed value(s)`);
      const missing = [...usage].filter(([id]) => !ring.keys.has(id));
      for (const [id, n] of missing) console.error(`error: ${n} sealed value(s) use key ${id}, which the ring does not have: restore that key from a backup of ${PERSONAL_DATA_KEY_FILE}`);
      if (missing.length > 0) process.exitCode = 1;
    } catch (error) {
      fail(error);
    }
  });
  common(
    keys
      .command('rotate')
      .description('add a new personal-data key; new values are sealed with it after the gateway restarts')
      .option('--reseal', 're-seal every stored value with the new key (gateway stopped), so older keys can be retired'),
  ).action((options: Options & { reseal?: boolean }) => {
    try {
      const config = configFrom(options);
      // Re-sealing needs the gateway stopped: a running one knows only the keys it loaded at start.
      const lock = options.reseal ? acquireInstanceLock(config.dataDir, 'keys rotate') : null;
      try {
        loadOrCreateKeyRing(config.dataDir);
        const id = rotateKeyRing(config.dataDir);
        console.log(`added personal-data key ${id}; it is now the current key (a running gateway uses it after its next restart)`);
        if (options.reseal) {
          const db = openDataDir(config);
          try {
            const count = resealPersonalData(db, new PersonalDataCipher(loadOrCreateKeyRing(config.dataDir)));
            console.log(`re-sealed ${count} value(s) with key ${id}; keys no longer used: ${[...loadOrCreateKeyRing(config.dataDir).keys.keys()].filter((k) => k !== id).join(', ') || 'none'}`);
            console.log('older keys may be removed from the file once every backup that still needs them has expired');
          } finally {
            closeDatabase(db);
          }
        }
      } finally {
        lock?.release();
      }
      console.log(`back up ${join(config.dataDir, PERSONAL_DATA_KEY_FILE)} now: backups taken from here on need key ${loadOrCreateKeyRing(config.dataDir).currentId}`);
    } catch (error) {
      fail(error);
    }
  });
}

function usageOf(dbPath: string): Map<number, number> {
  const db = openDatabase(dbPath, { readonly: true });
  try {
    return sealedKeyUsage(db.sqlite);
  } finally {
    closeDatabase(db);
  }
}
