/**
 * The restore round trip as an operator does it: `frontgate backup` against a running gateway (separate process),
 * more changes, a restore refused while the gateway runs, the gateway killed (power cut), `frontgate restore`
 * succeeds and keeps the database it replaced, and the gateway starts on the restored data.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway } from '../../gateway/app.js';
import { keyCopyPaths } from '../../gateway/backup.js';
import { loadConfig } from '../../gateway/config.js';
import { restoreBackup } from '../../gateway/restore.js';
import { call } from '../support/gateway.js';
import { runCli, spawnGateway } from '../support/processes.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const unitCodes = (db: Database.Database) => (db.prepare("SELECT code FROM units WHERE code LIKE 'RT-%' ORDER BY code").all() as { code: string }[]).map((r) => r.code);

describe('restore round trip', () => {
  it('backs up a running gateway, refuses to restore under it, restores after a power cut, and starts on the restored data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-roundtrip-'));
    dirs.push(dataDir);
    const gateway = await spawnGateway(dataDir);
    let killed = false;
    try {
      const setup = await fetch(`${gateway.base}/api/setup/admin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'quan.tri', displayName: 'Quản trị', password: 'a-long-enough-password' }),
      });
      expect(setup.status).toBe(201);
      const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] as string;
      for (const code of ['RT-1', 'RT-2']) expect((await call(gateway.base, 'POST', '/api/units', { cookie, body: { code, kind: 'apartment', floor: 3 } })).status).toBe(201);

      const backedUp = await runCli(['backup', '--data', dataDir, '--with-keys']);
      expect(backedUp.code).toBe(0);
      const file = /backup written: (\S+\.db) \(/.exec(backedUp.stdout)?.[1] as string;
      expect(file).toMatch(new RegExp(`^${dataDir}/backups/frontgate-\\d{8}T\\d{6}Z\\.db$`));
      for (const copy of Object.values(keyCopyPaths(file))) expect(statSync(copy).mode & 0o777).toBe(0o600);

      expect((await call(gateway.base, 'POST', '/api/units', { cookie, body: { code: 'RT-3', kind: 'apartment', floor: 3 } })).status).toBe(201);
      // From this (another) process, as the CLI does it: the running gateway's lock refuses the restore.
      expect(() => restoreBackup({ dataDir, file })).toThrow(new RegExp(`a FrontGate gateway \\(pid ${gateway.pid} on .*\\) is using the data directory ${dataDir}; stop it first`));
      expect(existsSync(join(dataDir, 'frontgate.db-wal'))).toBe(true);

      expect(await gateway.kill('SIGKILL')).toBeNull();
      killed = true;
      const restored = await runCli(['restore', file, '--data', dataDir]);
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);
      const previous = /kept as (\S+)/.exec(restored.stdout)?.[1] as string;
      expect(restored.stdout).toMatch(/secret\.key and personal-data\.key are not in the database/);
      expect(existsSync(join(dataDir, 'frontgate.db-wal')) || existsSync(join(dataDir, 'frontgate.db-shm'))).toBe(false);

      // The replaced database kept the change made after the backup (its WAL folded in).
      const kept = new Database(previous, { readonly: true });
      expect(unitCodes(kept)).toEqual(['RT-1', 'RT-2', 'RT-3']);
      kept.close();

      const config = loadConfig({ env: {}, overrides: { dataDir, port: 0, logLevel: 'silent' } });
      const again = await startGateway(config, { logger: pino({ level: 'silent' }) });
      try {
        expect(unitCodes(again.db.sqlite)).toEqual(['RT-1', 'RT-2']);
        expect(again.db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
        const login = await call(again.url, 'POST', '/api/auth/login', { body: { username: 'quan.tri', password: 'a-long-enough-password' } });
        expect(login.status).toBe(200);
      } finally {
        await again.close();
      }
    } finally {
      if (!killed) await gateway.kill('SIGKILL');
    }
  }, 120_000);
});
