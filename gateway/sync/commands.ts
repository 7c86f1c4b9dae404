/**
 * Commands from upstream, applied at most once each: card revocations, watchlist entries, pre-registered visitors.
 *
 * One transaction per command holds its effect (through the same services staff use, so card_events, audit rows and
 * outbox events are written as usual), the `sync_commands` row with its outcome, and an audit row of the command,
 * all by the actor `upstream`. A command id seen before is not applied again: its recorded outcome is acknowledged
 * again. Live events of the effect are published only after the commit.
 */
import { SYSTEM_ACTOR, writeAudit, type Actor } from '../../db/audit.js';
import { getCardByUid } from '../../db/cards.js';
import { transaction } from '../../db/connection.js';
import { getCommand, recordCommand, requeueAck, type CommandRecord } from '../../db/sync-commands.js';
import type { Clock } from '../clock.js';
import { CommandId, SyncCommand, type CardStatus, type CommandResult, type GatewayEvent, type VisitorPreRegistration } from '../contract/index.js';
import type { Ctx } from '../context.js';
import { ApiError } from '../errors.js';
import { EventBus } from '../events.js';
import type { CardService } from '../services/cards.js';
import type { WatchlistService } from '../services/watchlist.js';
import type { Db } from '../../db/connection.js';

export const UPSTREAM_ACTOR: Actor = { ...SYSTEM_ACTOR, username: 'upstream' };

/** Takes a pre-registration into the visit register (VisitService.preRegister), inside the command's transaction. */
export type PreRegister = (ctx: Ctx, input: VisitorPreRegistration, commandId: string) => unknown;

export interface CommandApplierDeps {
  db: Db;
  clock: Clock;
  bus: EventBus;
  cards: Pick<CardService, 'transition'>;
  watchlist: Pick<WatchlistService, 'add'>;
  /** Absent until the visit register can take pre-registrations: such commands are then rejected as `unsupported`. */
  preRegister?: PreRegister | undefined;
}

interface Effect {
  outcome: 'applied' | 'rejected';
  code: string | null;
  message: string | null;
}

const FINAL: readonly CardStatus[] = ['revoked', 'lost'];

export const resultOf = (r: Pick<CommandRecord, 'id' | 'outcome' | 'code' | 'message'>): CommandResult => ({ id: r.id, status: r.outcome, code: r.code, message: r.message });

export class CommandApplier {
  constructor(private readonly deps: CommandApplierDeps) {}

  /**
   * Applies one command as received (not yet validated). Returns its result, to acknowledge; null when the message
   * has no usable id (nothing can be recorded or acknowledged for it). Throws only on unexpected failures (the
   * database is busy, the disk is full): then nothing was recorded and the command is applied when it comes again.
   */
  apply(raw: unknown, source: 'http' | 'mqtt'): CommandResult | null {
    const { db, clock } = this.deps;
    const rawId = CommandId.safeParse((raw as { id?: unknown } | null)?.id);
    if (!rawId.success) return null;
    const id = rawId.data;
    const seen = getCommand(db, id);
    if (seen) {
      // Redelivered: upstream has not seen our acknowledgement. Acknowledge the recorded outcome again.
      requeueAck(db, id);
      return resultOf(seen);
    }
    const parsed = SyncCommand.safeParse(raw);
    const type = typeof (raw as { type?: unknown }).type === 'string' ? String((raw as { type: string }).type).slice(0, 60) : 'unknown';
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(command)'}: ${i.message}`).join('; ').slice(0, 500);
      return this.#record(id, type, source, clock.now(), { outcome: 'rejected', code: 'invalid_command', message });
    }
    const command = parsed.data;
    const staged: GatewayEvent[] = [];
    const staging = new EventBus();
    staging.subscribe((event) => staged.push(event));
    const ctx: Ctx = { db, clock, bus: staging, auth: { kind: 'anonymous', station: null }, actor: UPSTREAM_ACTOR };
    const now = clock.now();
    try {
      const result = transaction(db, () => {
        const effect = this.#effect(ctx, command);
        this.#write(id, command.type, source, now, effect);
        return effect;
      });
      for (const event of staged) this.deps.bus.publish(event);
      return { id, status: result.outcome, code: result.code, message: result.message };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // The domain refused (unknown host, validity in the past…): the effect rolled back; record the refusal.
      const field = error.fields?.[0];
      return this.#record(id, command.type, source, now, { outcome: 'rejected', code: field?.code ?? error.code, message: field ? `${field.path.join('.')}: ${field.message}` : error.message });
    }
  }

  #effect(ctx: Ctx, command: SyncCommand): Effect {
    switch (command.type) {
      case 'card.revoke': {
        const card = getCardByUid(ctx.db, command.payload.uid);
        if (!card) return { outcome: 'rejected', code: 'unknown_card', message: `no card with UID ${command.payload.uid} is registered in this building` };
        if (FINAL.includes(card.status as CardStatus)) return { outcome: 'applied', code: `already_${card.status}`, message: `the card was already ${card.status}` };
        this.deps.cards.transition(ctx, card.id, 'revoke', command.payload.reason);
        return { outcome: 'applied', code: null, message: null };
      }
      case 'watchlist.add': {
        const entry = this.deps.watchlist.add(ctx, command.payload);
        return { outcome: 'applied', code: null, message: `watchlist entry ${entry.id}` };
      }
      case 'visitor.preregister': {
        if (!this.deps.preRegister) return { outcome: 'rejected', code: 'unsupported', message: 'this gateway does not take pre-registered visitors yet' };
        this.deps.preRegister(ctx, command.payload, command.id);
        return { outcome: 'applied', code: null, message: null };
      }
      default:
        return command satisfies never;
    }
  }

  #write(id: string, type: string, source: 'http' | 'mqtt', now: number, effect: Effect): void {
    recordCommand(this.deps.db, { id, type, source, receivedAt: now, ...effect });
    writeAudit(this.deps.db, UPSTREAM_ACTOR, now, { action: `sync.command.${effect.outcome}`, entity: 'sync_command', entityId: id, after: { type, code: effect.code, message: effect.message } });
  }

  #record(id: string, type: string, source: 'http' | 'mqtt', now: number, effect: Effect): CommandResult {
    transaction(this.deps.db, () => this.#write(id, type, source, now, effect));
    return { id, status: effect.outcome, code: effect.code, message: effect.message };
  }
}
