/** Door decisions (controllers over HTTP and MQTT, serial door readers) and the controllers' tokens. */
import { AccessDecider } from '../../db/access.js';
import { DecisionLog, type DecisionLogOptions } from '../../db/access-log.js';
import type { DecisionWriter } from '../../db/access-log-writer.js';
import { writeAudit } from '../../db/audit.js';
import { transaction } from '../../db/connection.js';
import { insertController, revokeController } from '../../db/controllers.js';
import { getSite } from '../../db/site.js';
import { iso } from '../clock.js';
import type { AccessDecision } from '../contract/index.js';
import type { Ctx, Services } from '../context.js';
import { notFound } from '../errors.js';

/**
 * Door decisions for controllers and serial door readers, answered at once and published live; their log and outbox
 * events are group-committed within a few milliseconds (db/access-log.ts), and written before close() returns.
 */
export class AccessService {
  #decider: AccessDecider;
  readonly #decisions: DecisionLog;

  constructor(
    private readonly s: Services,
    private readonly log: (message: string, detail: unknown) => void = () => undefined,
    /** Group-commit tuning (tests); the defaults are db/access-log.ts DECISION_LOG_DEFAULTS. */
    tuning: Partial<Omit<DecisionLogOptions, 'log'>> = {},
  ) {
    this.#decisions = DecisionLog.of(s.db, { ...tuning, log });
    this.#decider = this.#build();
    // Schedules are read in the building's time zone, which the admin can change in Settings.
    s.bus.subscribe((event) => {
      if (event.type === 'entity.changed' && event.data.entity === 'site') this.#decider = this.#build();
      // A door reader on a serial port: its taps are decided like a controller's, at the reader mapped to it.
      if (event.type === 'card.presented' && event.data.role === 'door_reader') {
        try {
          this.decide(this.#decider.readerForDevice(event.data.deviceId) ?? event.data.deviceId, event.data.uid);
        } catch (error) {
          // A failed decision (disk full, locked database) must not travel back into the reader's data path.
          this.log('door reader decision failed', { deviceId: event.data.deviceId, error: (error as Error).message });
        }
      }
    });
  }

  #build(): AccessDecider {
    const site = getSite(this.s.db);
    return new AccessDecider(this.s.db, site?.timezone ?? 'Asia/Ho_Chi_Minh', site?.code ?? 'SITE', this.#decisions);
  }

  /** The decisions' batches are written by the database's background worker from now on (db/access-log-writer.ts). */
  useWriter(writer: DecisionWriter): void {
    this.#decisions.useWriter(writer);
  }

  /** Writes the decisions not yet committed and refuses further ones (the gateway is stopping). Never throws. */
  close(): void {
    try {
      this.#decisions.close();
    } catch (error) {
      this.log('access decisions answered in the last moments could not be logged', { waiting: this.#decisions.pending, error: (error as Error).message });
    }
  }

  decide(readerId: string, uid: string): AccessDecision {
    const d = this.#decider.decide(readerId, uid, this.s.clock.now());
    // Written out field by field: the door lane's hot path (docs/performance.md, "Access over HTTP").
    const at = iso(d.at);
    this.s.bus.publish({ type: 'access.decided', at, data: { granted: d.granted, reason: d.reason, readerId: d.readerId, uid: d.uid, cardId: d.cardId, zoneId: d.zoneId, at, readerName: d.readerName } });
    return { granted: d.granted, reason: d.reason, readerId: d.readerId, uid: d.uid, cardId: d.cardId, zoneId: d.zoneId, at };
  }
}

/** Door controllers: created with a token shown once, revocable; every change audited. */
export function createController(ctx: Ctx, name: string, token: string, tokenHash: string) {
  const now = ctx.clock.now();
  return transaction(ctx.db, () => {
    const controller = insertController(ctx.db, name, tokenHash, now);
    writeAudit(ctx.db, ctx.actor, now, { action: 'controller.create', entity: 'controller', entityId: controller.id, after: { name } });
    return { id: controller.id, name, token };
  });
}

export function revokeControllerToken(ctx: Ctx, id: number) {
  const now = ctx.clock.now();
  transaction(ctx.db, () => {
    if (!revokeController(ctx.db, id, now)) throw notFound('controller');
    writeAudit(ctx.db, ctx.actor, now, { action: 'controller.revoke', entity: 'controller', entityId: id });
  });
  return { ok: true as const };
}
