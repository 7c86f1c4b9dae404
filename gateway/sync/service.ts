/**
 * Upstream sync as the gateway runs it: the pusher (HTTP or MQTT), the command poller (HTTP) and the MQTT command
 * subscription, the retention prune, and what staff see and do on the Sync screen. With neither `upstreamUrl` nor
 * `upstreamMqttUrl` configured, sync is off (state `not_configured`) and events simply wait in the outbox.
 */
import { SYSTEM_ACTOR, writeAudit } from '../../db/audit.js';
import { transaction, type Db } from '../../db/connection.js';
import { discardDeadLetter, getDeadLetter, listDeadLetters, pruneSent, queueStats, resendDeadLetters } from '../../db/outbox.js';
import { commandStats, markAcked, pruneAckedCommands, unackedCommands } from '../../db/sync-commands.js';
import { iso, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { DeadLetterView, SyncHealth, SyncStatus } from '../contract/index.js';
import type { Ctx } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import type { EventBus } from '../events.js';
import type { CardService } from '../services/cards.js';
import type { WatchlistService } from '../services/watchlist.js';
import type { BackoffPolicy, Timers } from './backoff.js';
import { CommandPoller } from './command-poller.js';
import { CommandApplier, resultOf, type PreRegister } from './commands.js';
import { HttpUpstream } from './http-upstream.js';
import { MqttUpstream, type MqttUpstreamOptions } from './mqtt-upstream.js';
import { Pusher, type SyncLog } from './pusher.js';
import { buildStatus, displayUrl, healthOf } from './status.js';

const DAY = 24 * 60 * 60 * 1000;

export type SyncConfig = Pick<
  Config,
  'upstreamUrl' | 'upstreamToken' | 'upstreamSecret' | 'upstreamMqttUrl' | 'syncBatchSize' | 'syncLingerMs' | 'syncPollMs' | 'syncTimeoutMs' | 'syncRetentionDays'
>;

/** Knobs tests and benches turn; production uses the defaults. */
export interface SyncTuning {
  backoff?: BackoffPolicy;
  random?: () => number;
  timers?: Timers;
  idleCheckMs?: number;
  pruneEveryMs?: number;
  mqttClientOptions?: MqttUpstreamOptions['clientOptions'];
}

export interface SyncServiceOptions {
  config: SyncConfig;
  siteCode: string;
  db: Db;
  clock: Clock;
  bus: EventBus;
  log: SyncLog & { info(detail: object, message: string): void };
  cards: Pick<CardService, 'transition'>;
  watchlist: Pick<WatchlistService, 'add'>;
  preRegister?: PreRegister | undefined;
  tuning?: SyncTuning;
}

export class SyncService {
  readonly applier: CommandApplier;
  readonly #http: HttpUpstream | null;
  readonly #mqtt: MqttUpstream | null;
  readonly #pusher: Pusher | null;
  readonly #poller: CommandPoller | null;
  #pruneTimer: ReturnType<typeof setInterval> | null = null;
  #flushing: Promise<void> | null = null;
  #ackWanted = false;
  #started = false;

  constructor(private readonly o: SyncServiceOptions) {
    const { config, db, clock, log, tuning = {} } = o;
    this.applier = new CommandApplier({ db, clock, bus: o.bus, cards: o.cards, watchlist: o.watchlist, preRegister: o.preRegister });
    const common = { token: config.upstreamToken, secret: config.upstreamSecret, site: o.siteCode, timeoutMs: config.syncTimeoutMs };
    this.#http = config.upstreamUrl ? new HttpUpstream({ ...common, url: config.upstreamUrl, clock }) : null;
    this.#mqtt = config.upstreamMqttUrl
      ? new MqttUpstream({
          ...common,
          url: config.upstreamMqttUrl,
          log,
          onCommand: (raw) => {
            if (this.applier.apply(raw, 'mqtt')) this.#flushMqttAcks();
          },
          onConnect: () => this.#flushMqttAcks(),
          ...(tuning.mqttClientOptions && { clientOptions: tuning.mqttClientOptions }),
        })
      : null;
    const sink = this.#mqtt ?? this.#http;
    const loopTuning = { ...(tuning.backoff && { backoff: tuning.backoff }), ...(tuning.random && { random: tuning.random }), ...(tuning.timers && { timers: tuning.timers }) };
    this.#pusher = sink
      ? new Pusher({ db, clock, sink, batchSize: config.syncBatchSize, lingerMs: config.syncLingerMs, log, ...loopTuning, ...(tuning.idleCheckMs !== undefined && { idleCheckMs: tuning.idleCheckMs }) })
      : null;
    this.#poller = this.#http ? new CommandPoller({ db, clock, upstream: this.#http, applier: this.applier, pollMs: config.syncPollMs, log, ...loopTuning }) : null;
  }

  get configured(): boolean {
    return this.#pusher !== null;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#prune();
    this.#pruneTimer = setInterval(() => this.#prune(), this.o.tuning?.pruneEveryMs ?? 60 * 60 * 1000);
    this.#pruneTimer.unref();
    if (!this.configured) return;
    if (this.o.config.upstreamUrl?.startsWith('http:') && this.o.config.upstreamSecret === null) {
      this.o.log.warn({}, 'upstream sync over plain http without upstreamSecret: commands from upstream cannot be verified');
    }
    await this.#mqtt?.start();
    this.#pusher?.start();
    this.#poller?.start();
    this.o.log.info({ transport: this.#pusher === null ? null : (this.#mqtt ? 'mqtt' : 'http'), upstream: displayUrl(this.o.config.upstreamMqttUrl ?? this.o.config.upstreamUrl) }, 'upstream sync started');
  }

  async stop(): Promise<void> {
    if (this.#pruneTimer) clearInterval(this.#pruneTimer);
    this.#pruneTimer = null;
    await this.#pusher?.stop();
    await this.#poller?.stop();
    await this.#flushing;
    await this.#mqtt?.close();
  }

  status(): SyncStatus {
    const { config, db, clock } = this.o;
    return buildStatus({
      now: clock.now(),
      transport: this.#pusher === null ? null : this.#mqtt ? 'mqtt' : 'http',
      upstream: displayUrl(config.upstreamMqttUrl ?? config.upstreamUrl),
      queue: queueStats(db),
      pusher: this.#pusher?.snapshot() ?? null,
      poller: this.#poller?.snapshot() ?? null,
      mqttConnected: this.#mqtt === null ? null : this.#mqtt.connected,
      commands: commandStats(db),
      batchSize: config.syncBatchSize,
      retentionDays: config.syncRetentionDays,
    });
  }

  health(): SyncHealth {
    return healthOf(this.status());
  }

  deadLetters(ctx: Pick<Ctx, 'db'>, page: { limit: number; offset: number }): { items: DeadLetterView[]; total: number } {
    const { rows, total } = listDeadLetters(ctx.db, page);
    return { total, items: rows.map((r) => ({ ...r, occurredAt: iso(r.occurredAt), rejectedAt: iso(r.rejectedAt) })) };
  }

  /** Dead letters back into the queue (one, or all with `id` null); they go out in their original order. */
  resend(ctx: Ctx, id: string | null): { count: number } {
    const now = ctx.clock.now();
    const count = transaction(ctx.db, () => {
      const before = id === null ? null : getDeadLetter(ctx.db, id);
      if (id !== null && !before) throw notFound('dead letter');
      const n = resendDeadLetters(ctx.db, id);
      writeAudit(ctx.db, ctx.actor, now, { action: 'sync.dead_letter.resend', entity: 'outbox', entityId: id ?? 'all', before, after: { count: n } });
      return n;
    });
    this.#pusher?.rewind();
    return { count };
  }

  /** A dead letter that will never go upstream; later events of its aggregate are released. */
  discard(ctx: Ctx, id: string, reason: string): { count: number } {
    const now = ctx.clock.now();
    transaction(ctx.db, () => {
      const before = getDeadLetter(ctx.db, id);
      if (!before || !discardDeadLetter(ctx.db, id, reason)) throw notFound('dead letter');
      writeAudit(ctx.db, ctx.actor, now, { action: 'sync.dead_letter.discard', entity: 'outbox', entityId: id, before, after: { status: 'discarded', reason } });
    });
    this.#pusher?.rewind();
    return { count: 1 };
  }

  /** Retry now: leaves the backoff wait or the stopped-after-auth-failure state. */
  retry(ctx: Ctx): SyncStatus {
    if (!this.configured) throw new ApiError(409, 'sync_not_configured', 'no upstream is configured (upstreamUrl or upstreamMqttUrl)');
    transaction(ctx.db, () => writeAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'sync.retry', entity: 'sync', entityId: null, before: { state: this.status().state } }));
    this.#pusher?.retryNow();
    this.#poller?.retryNow();
    return this.status();
  }

  /**
   * Deletes sent (and discarded) events and acknowledged command outcomes past the retention; never pending or dead
   * events, never unacknowledged outcomes. Returns how many events were deleted.
   */
  prune(): number {
    return this.pruneAll().events;
  }

  pruneAll(): { events: number; commands: number } {
    const { db, clock, config } = this.o;
    const now = clock.now();
    const cutoff = now - config.syncRetentionDays * DAY;
    const events = pruneSent(db, cutoff, 5000, (deleted) =>
      writeAudit(db, SYSTEM_ACTOR, now, { action: 'sync.prune', entity: 'outbox', entityId: null, after: { deleted, sentBefore: iso(cutoff) } }),
    );
    const commands = pruneAckedCommands(db, cutoff, 5000, (deleted) =>
      writeAudit(db, SYSTEM_ACTOR, now, { action: 'sync.prune', entity: 'sync_command', entityId: null, after: { deleted, ackedBefore: iso(cutoff) } }),
    );
    return { events, commands };
  }

  #prune(): void {
    try {
      const { events, commands } = this.pruneAll();
      if (events > 0 || commands > 0) this.o.log.info({ events, commands }, 'sent upstream events and acknowledged commands past retention pruned');
    } catch (error) {
      this.o.log.error({ err: error }, 'pruning sent upstream events failed; it runs again in an hour');
    }
  }

  /** Publishes outcomes of MQTT commands not acknowledged yet; one flush at a time, again if asked meanwhile. */
  #flushMqttAcks(): void {
    this.#ackWanted = true;
    if (this.#flushing) return;
    this.#flushing = this.#publishAcks().finally(() => {
      this.#flushing = null;
      if (this.#ackWanted) this.#flushMqttAcks();
    });
  }

  async #publishAcks(): Promise<void> {
    const mqtt = this.#mqtt;
    const { db, clock, log } = this.o;
    try {
      while (this.#ackWanted) {
        this.#ackWanted = false;
        for (;;) {
          const pending = unackedCommands(db, 'mqtt', 500);
          if (pending.length === 0 || !mqtt?.connected) break;
          await mqtt.publishAcks(pending.map(resultOf));
          markAcked(db, pending, clock.now());
        }
      }
    } catch (error) {
      this.#ackWanted = false;
      log.warn({}, `upstream MQTT: command acknowledgements wait for the next connection: ${(error as Error).message}`);
    }
  }
}
