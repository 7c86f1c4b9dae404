import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { Locale, TimeZone, requiredText } from './common.js';
import { SyncHealth } from './sync.js';

export const Site = lazySchema(() =>
  z.object({
    code: z.string(),
    name: z.string(),
    timezone: z.string(),
    defaultLocale: Locale,
    /** True until the first admin exists: the UI then shows the first-run screen. */
    needsSetup: z.boolean(),
    version: z.string(),
  }),
);
export type Site = z.infer<typeof Site>;

export const SiteUpdate = lazySchema(() =>
  z.object({
    name: requiredText(120),
    timezone: TimeZone,
    defaultLocale: Locale,
  }),
);
export type SiteUpdate = z.infer<typeof SiteUpdate>;

const DelayFigures = lazySchema(() => z.object({ p50: z.number(), p99: z.number(), max: z.number() }));

export const Health = lazySchema(() =>
  z.object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    uptimeSeconds: z.number(),
    database: z.object({
      ok: z.boolean(),
      schemaVersion: z.number().int(),
      journalMode: z.string(),
      sizeBytes: z.number().int(),
      /** PRAGMA quick_check: at open for small files, in the background after start for large ones. */
      integrity: z.enum(['ok', 'checking', 'damaged', 'unchecked']),
    }),
    devices: z.object({
      mode: z.enum(['none', 'simulated', 'configured']),
      items: z.array(
        z.object({ id: z.string(), type: z.string(), role: z.string(), status: z.string(), lastSeenAt: z.string().nullable(), lastError: z.string().nullable() }),
      ),
    }),
    /** Upstream sync: state, queue depth, oldest unsent event, last success and error, dead letters. */
    sync: SyncHealth,
    /** HTTPS certificate (null: plain HTTP on loopback). Stations compare the fingerprint when they pair. */
    tls: z.object({ fingerprint256: z.string(), validTo: z.string() }).nullable(),
    /** Automatic backups (backupIntervalHours; off when 0): the last one, the last error, the next one. */
    backups: z.object({ enabled: z.boolean(), lastAt: z.string().nullable(), lastError: z.string().nullable(), nextAt: z.string().nullable() }),
    /** The gateway process: memory, and event-loop delay in ms (how late timers run) over the last minute and since start. */
    runtime: z.object({
      rssBytes: z.number().int(),
      heapUsedBytes: z.number().int(),
      eventLoopDelayMs: z.object({ recentSeconds: z.number().int(), recent: DelayFigures, sinceStart: DelayFigures }),
    }),
  }),
);
export type Health = z.infer<typeof Health>;
