/** Start-up and shutdown of one gateway: data directory, database, migrations, services, HTTP server. */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { DatabaseOpenError, closeDatabase, openDatabase, type Db } from '../db/connection.js';
import { startWalCheckpointer } from '../db/wal-checkpointer.js';
import { continueEventIdsAfter } from '../db/event-ids.js';
import { greatestOutboxId } from '../db/outbox.js';
import { SCHEMA_VERSION, assertFrontGateDatabase, migrate, schemaVersion } from '../db/migrate.js';
import { ensureSite } from '../db/site.js';
import { SYSTEM_ACTOR } from '../db/audit.js';
import { AuthService } from './auth/auth-service.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { Health } from './contract/index.js';
import { EventBus } from './events.js';
import { createHandlers } from './routes/handlers.js';
import { buildServer, type App } from './server.js';
import { DeviceManager } from './devices/manager.js';
import { DeviceService } from './services/devices.js';
import { AccessService } from './services/access.js';
import { CardService } from './services/cards.js';
import { loadOrCreateSecretKey } from './secret-key.js';
import { WatchlistService } from './services/watchlist.js';
import { getSite } from '../db/site.js';
import { ImportService } from './services/imports.js';
import { loadOrCreateKeyRing, PersonalDataCipher } from './personal-data.js';
import { KioskService } from './services/kiosk.js';
import { VisitCardIssuer } from './services/visit-cards.js';
import { VisitService } from './services/visits.js';
import { SyncService, type SyncTuning } from './sync/service.js';
import { visitExpectOf } from './sync/preregister.js';
import { VERSION } from './version.js';
import { DATABASE_FILE } from './data-dir.js';
import { acquireInstanceLock } from './instance-lock.js';
import { resolveTls, type TlsMaterial } from './tls.js';
import { BackupScheduler } from './backup-scheduler.js';
import { backupBeforeUpgrade, backupDirOf, databaseRefusal } from './backup.js';
import { QUICK_CHECK_AT_OPEN_MAX_BYTES, quickCheckAtOpen, quickCheckInWorker, type IntegrityState } from './integrity-check.js';
import { EventLoopMonitor } from './event-loop.js';

export { DATABASE_FILE } from './data-dir.js';

export interface Gateway {
  app: App;
  devices: DeviceManager;
  db: Db;
  bus: EventBus;
  url: string;
  sync: SyncService;
  /** HTTPS material (null: plain HTTP on loopback). */
  tls: TlsMaterial | null;
  backups: BackupScheduler;
  close(): Promise<void>;
}

/** Opens (creating if needed) and migrates the database under the data directory. */
export function openDataDir(
  config: Pick<Config, 'dataDir' | 'backupDir' | 'siteCode' | 'siteName' | 'timezone' | 'defaultLocale'>,
  clock: Clock = systemClock,
  quickCheckMaxBytes = QUICK_CHECK_AT_OPEN_MAX_BYTES,
): Db {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // A damaged small file is refused here, with the restore command; a large one is checked after start (integrity-check.ts).
  const path = join(config.dataDir, DATABASE_FILE);
  const db = openDatabase(path, { quickCheck: quickCheckAtOpen(path, quickCheckMaxBytes) });
  try {
    // An upgrade of existing data is one-way: copy the database first (backups/before-upgrade-schema-<n>-<time>.db).
    assertFrontGateDatabase(db);
    const version = schemaVersion(db);
    if (version > 0 && version < SCHEMA_VERSION) backupBeforeUpgrade(db, backupDirOf(config), version, clock.now());
    migrate(db);
    ensureSite(db, { code: config.siteCode, name: config.siteName, timezone: config.timezone, defaultLocale: config.defaultLocale }, clock.now());
    // New outbox ids sort after the stored ones even if the clock is now behind the last run's.
    continueEventIdsAfter(greatestOutboxId(db));
  } catch (error) {
    closeDatabase(db);
    throw error;
  }
  return db;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Listen (default) or only build the app, for in-process tests with app.inject. */
  listen?: boolean;
  /** Upstream sync knobs for tests and benches (backoff, timers). */
  sync?: SyncTuning;
  /** The openssl executable that makes a self-signed certificate (default `openssl` on the PATH). */
  openssl?: string;
  /** Delay before an automatic backup that is due at start (default 60 s). */
  backupStartDelayMs?: number;
  /** Databases up to this size get quick_check before listening, larger ones in the background (tests set 0). */
  quickCheckAtOpenMaxBytes?: number;
}

export async function startGateway(config: Config, options: StartOptions = {}): Promise<Gateway> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: config.logLevel });
  // One gateway per data directory (a second one, or a restore, is refused while this one runs).
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const lock = acquireInstanceLock(config.dataDir, 'gateway', new Date(clock.now()));
  let db: Db;
  let tls: TlsMaterial | null;
  const quickCheckMaxBytes = options.quickCheckAtOpenMaxBytes ?? QUICK_CHECK_AT_OPEN_MAX_BYTES;
  let integrity: IntegrityState = quickCheckAtOpen(join(config.dataDir, DATABASE_FILE), quickCheckMaxBytes) ? 'ok' : 'checking';
  try {
    tls = resolveTls(config, options.openssl ? { openssl: options.openssl } : {});
    db = openDataDir(config, clock, quickCheckMaxBytes);
  } catch (error) {
    lock.release();
    throw error;
  }
  const backups = new BackupScheduler({
    db,
    clock,
    dir: backupDirOf(config),
    keep: config.backupKeep,
    intervalMs: config.backupIntervalHours * 60 * 60 * 1000,
    log: logger,
    ...(options.backupStartDelayMs !== undefined && { startDelayMs: options.backupStartDelayMs }),
  });
  const bus = new EventBus();
  const services = { db, clock, bus };
  const authService = new AuthService(services, config);
  const imports = new ImportService();
  const manager = new DeviceManager({ bus, clock });
  const devices = new DeviceService(manager, config);
  await devices.reload({ db });
  const startedAt = clock.now();

  const health = (): Health => {
    let ok = true;
    try {
      db.sqlite.prepare('SELECT 1').get();
    } catch {
      ok = false;
    }
    let sizeBytes = 0;
    try {
      sizeBytes = statSync(db.path).size;
    } catch {
      ok = false;
    }
    return {
      status: ok && integrity !== 'damaged' ? 'ok' : 'degraded',
      version: VERSION,
      uptimeSeconds: Math.round((clock.now() - startedAt) / 1000),
      database: { ok, schemaVersion: schemaVersion(db), journalMode: String(db.sqlite.pragma('journal_mode', { simple: true })), sizeBytes, integrity },
      devices: {
        mode: manager.mode,
        items: devices.list({ ...services, auth: { kind: 'anonymous', station: null }, actor: SYSTEM_ACTOR }).items.map((d) => ({
          id: d.id,
          type: d.driver,
          role: d.role,
          status: d.status.state,
          lastSeenAt: d.status.lastSeenAt,
          lastError: d.status.lastError,
        })),
      },
      sync: sync.health(),
      tls: tls && { fingerprint256: tls.fingerprint256, validTo: tls.validTo.toISOString() },
      backups: (({ enabled, lastAt, lastError, nextAt }) => ({ enabled, lastAt, lastError, nextAt }))(backups.status()),
      runtime: { rssBytes: process.memoryUsage.rss(), heapUsedBytes: process.memoryUsage().heapUsed, eventLoopDelayMs: eventLoop.figures() },
    };
  };

  const cards = new CardService(services);
  const access = new AccessService(services, (message, detail) => logger.error({ detail }, message));
  // The MQTT client (≈ 130 modules) is loaded only when door controllers use MQTT.
  const mqttAccess = config.accessMqttUrl
    ? new (await import('./access/mqtt.js')).MqttAccessResponder({
        url: config.accessMqttUrl,
        siteCode: getSite(db)?.code ?? config.siteCode,
        username: config.accessMqttUsername,
        password: config.accessMqttPassword,
        decide: (readerId, uid) => access.decide(readerId, uid),
        log: (message, detail) => logger.warn({ detail }, message),
      })
    : undefined;
  await mqttAccess?.start();
  const secretKey = loadOrCreateSecretKey(config.dataDir);
  const siteCode = getSite(db)?.code ?? config.siteCode;
  const watchlist = new WatchlistService(secretKey, siteCode);
  const cipher = new PersonalDataCipher(loadOrCreateKeyRing(config.dataDir));
  const visits = new VisitService({ cards, watchlist, cipher, hashKey: secretKey, siteCode, siteName: () => getSite(db)?.name ?? config.siteName });
  const visitCards = new VisitCardIssuer({ visits, cards, devices, siteKey: secretKey });
  const kiosk = new KioskService({ visits, issuer: visitCards, devices });
  const systemCtx = { ...services, auth: { kind: 'anonymous' as const, station: null }, actor: SYSTEM_ACTOR };
  // The retention purge of visitor ID data: shortly after start, then daily; in chunks, never blocking start-up.
  const stopPurge = new AbortController();
  const purgeVisitorData = () =>
    visits.purge(systemCtx, stopPurge.signal).then(
      ({ purged }) => {
        if (purged > 0) logger.info({ purged }, 'visitor data past retention purged');
      },
      (error: unknown) => logger.error({ err: error }, 'visitor data purge failed; it runs again in a day'),
    );
  const firstPurge = setTimeout(() => void purgeVisitorData(), 1000);
  firstPurge.unref();
  const purgeTimer = setInterval(() => void purgeVisitorData(), 24 * 60 * 60 * 1000);
  purgeTimer.unref();
  // Upstream sync: pushes the outbox, applies commands from upstream (off without an upstream configured).
  const sync = new SyncService({
    config,
    siteCode,
    db,
    clock,
    bus,
    log: logger,
    cards,
    watchlist,
    preRegister: (ctx, input, commandId) => visits.preRegister(ctx, visitExpectOf(input), commandId),
    ...(options.sync && { tuning: options.sync }),
  });
  await sync.start();
  const eventLoop = new EventLoopMonitor();
  const handlers = createHandlers({ authService, imports, devices, cards, access, watchlist, visits, visitCards, kiosk, health, config, sync });
  const app = await buildServer({ db, clock, bus, config, logger, authService, handlers, tls, decide: (readerId, uid) => access.decide(readerId, uid) });
  let url = '';
  if (options.listen !== false) {
    try {
      url = await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      clearTimeout(firstPurge);
      clearInterval(purgeTimer);
      eventLoop.stop();
      await app.close();
      await sync.stop();
      await mqttAccess?.stop();
      await manager.stop();
      access.close();
      closeDatabase(db);
      lock.release();
      throw error;
    }
  } else {
    await app.ready();
  }
  backups.start();
  // WAL checkpoints and the door decisions' batches off the event loop (db/wal-checkpointer.ts), once serving: its
  // thread is not on the start path; the decisions of the first moments are written on the gateway's connection.
  const checkpointer = startWalCheckpointer(db, { log: (message, detail) => logger.warn({ detail }, message) });
  access.useWriter(checkpointer.decisions);
  let closing: Promise<void> | undefined;
  // A large database is checked now, in a worker thread, while the gateway serves.
  const integrityCheck = integrity === 'checking' ? quickCheckInWorker(db.path) : undefined;
  integrityCheck?.result.then(
    (problems) => {
      integrity = problems[0] === 'ok' ? 'ok' : 'damaged';
      if (integrity === 'damaged') logger.error({ problems }, databaseRefusal(new DatabaseOpenError('corrupt', db.path, problems.join('\n')), config));
    },
    (error: unknown) => {
      integrity = 'unchecked';
      if (!closing) logger.warn({ err: error }, 'the database integrity check could not run');
    },
  );

  const close = () => {
    // Fastify stops accepting, finishes in-flight requests, then the database is checkpointed and closed.
    stopPurge.abort();
    clearTimeout(firstPurge);
    clearInterval(purgeTimer);
    eventLoop.stop();
    closing ??= app
      .close()
      .then(() => sync.stop())
      .then(() => mqttAccess?.stop())
      .then(() => manager.stop())
      .then(() => access.close())
      .then(() => backups.stop())
      .then(() => integrityCheck?.cancel())
      .then(() => checkpointer.stop())
      .then(() => closeDatabase(db))
      .finally(() => lock.release());
    return closing;
  };
  return { app, db, bus, url, close, devices: manager, sync, tls, backups };
}
