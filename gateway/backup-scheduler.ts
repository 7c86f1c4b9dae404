/**
 * Automatic backups inside the running gateway: one every `backupIntervalHours`, counted from the newest backup in
 * the backup directory (so a gateway restarted every night still makes its daily backup), the oldest beyond
 * `backupKeep` deleted. A failed backup is logged, shown in /api/health and retried within the hour.
 */
import { join } from 'node:path';
import type { Db } from '../db/connection.js';
import { backupDatabase, backupFileName, listBackups, rotateBackups, type BackupResult } from './backup.js';
import type { Clock } from './clock.js';

export interface BackupLog {
  info(detail: object, message: string): void;
  error(detail: object, message: string): void;
}

export interface BackupSchedulerDeps {
  db: Db;
  clock: Clock;
  dir: string;
  keep: number;
  /** 0 = no automatic backups. */
  intervalMs: number;
  log: BackupLog;
  /** Wait at least this long after start before a backup that is already due (start-up comes first). */
  startDelayMs?: number;
}

export interface BackupStatus {
  enabled: boolean;
  dir: string;
  lastAt: string | null;
  lastError: string | null;
  nextAt: string | null;
}

const RETRY_MS = 60 * 60 * 1000;
/** Pages per step of the gateway's own backups (4 MB at the default page size): requests go on between steps. */
const PAGES_PER_STEP = 1000;

export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<BackupResult> | undefined;
  private stopped = false;
  private lastAt: number | null = null;
  private lastError: string | null = null;
  private nextAt: number | null = null;

  constructor(private readonly deps: BackupSchedulerDeps) {}

  start(): void {
    if (this.deps.intervalMs <= 0) return;
    const newest = listBackups(this.deps.dir)[0];
    this.lastAt = newest?.takenAt.getTime() ?? null;
    const now = this.deps.clock.now();
    const due = this.lastAt === null ? now : this.lastAt + this.deps.intervalMs;
    this.schedule(Math.max(due - now, this.deps.startDelayMs ?? 60_000));
  }

  /** Takes a backup now (one at a time: a call during a backup gets that backup) and rotates. */
  runNow(): Promise<BackupResult> {
    this.running ??= this.backup().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  status(): BackupStatus {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return { enabled: this.deps.intervalMs > 0, dir: this.deps.dir, lastAt: iso(this.lastAt), lastError: this.lastError, nextAt: iso(this.nextAt) };
  }

  /** Stops the timer and waits for a backup in progress (the database must stay open until it ends). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.nextAt = null;
    await this.running?.catch(() => undefined);
  }

  private async backup(): Promise<BackupResult> {
    const { db, clock, dir, keep, log } = this.deps;
    const at = clock.now();
    try {
      const result = await backupDatabase(db, join(dir, backupFileName(at)), { pagesPerStep: PAGES_PER_STEP });
      const removed = rotateBackups(dir, keep);
      this.lastAt = at;
      this.lastError = null;
      log.info({ file: result.path, bytes: result.bytes, removed }, 'database backup written');
      return result;
    } catch (error) {
      this.lastError = (error as Error).message;
      log.error({ err: error, dir }, 'database backup failed; retrying within the hour');
      throw error;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.nextAt = this.deps.clock.now() + delayMs;
    this.timer = setTimeout(() => {
      this.runNow().then(
        () => this.schedule(this.deps.intervalMs),
        () => this.schedule(Math.min(this.deps.intervalMs, RETRY_MS)),
      );
    }, delayMs);
    this.timer.unref();
  }
}
