/** The block list: names and/or ID numbers (as keyed hashes) that stop a registration and alert security. */
import { writeAudit } from '../../db/audit.js';
import { transaction } from '../../db/connection.js';
import { enqueueContractEvent } from './outbox-events.js';
import { foldText } from '../../db/text.js';
import * as watchlist from '../../db/watchlist.js';
import { iso } from '../clock.js';
import type { Ctx } from '../context.js';
import { notFound } from '../errors.js';
import { idNumberHash } from '../secret-key.js';

const view = (r: watchlist.WatchlistRecord) => ({ ...r, createdAt: iso(r.createdAt) });

export class WatchlistService {
  constructor(
    private readonly key: Buffer,
    private readonly siteCode: string,
  ) {}

  list(ctx: Ctx) {
    return { items: watchlist.listWatchlist(ctx.db).map(view) };
  }

  add(ctx: Ctx, input: { fullName: string | null; idNumber: string | null; reason: string }) {
    const now = ctx.clock.now();
    const entry = transaction(ctx.db, () => {
      const id = watchlist.insertWatchlist(
        ctx.db,
        {
          fullName: input.fullName,
          nameFolded: input.fullName === null ? null : foldText(input.fullName),
          idNumberHash: input.idNumber === null ? null : idNumberHash(this.key, input.idNumber),
          reason: input.reason,
          createdBy: ctx.actor.userId,
        },
        now,
      );
      const record = watchlist.getWatchlistEntry(ctx.db, id) as watchlist.WatchlistRecord;
      writeAudit(ctx.db, ctx.actor, now, { action: 'watchlist.add', entity: 'watchlist', entityId: id, after: { fullName: input.fullName, hasIdNumber: input.idNumber !== null, reason: input.reason } });
      enqueueContractEvent(ctx.db, this.siteCode, { type: 'watchlist.added', aggregateType: 'watchlist', aggregateId: id, occurredAt: now, payload: view(record) });
      return record;
    });
    return view(entry);
  }

  deactivate(ctx: Ctx, id: number) {
    const now = ctx.clock.now();
    return view(
      transaction(ctx.db, () => {
        if (!watchlist.deactivateWatchlist(ctx.db, id)) throw notFound('active watchlist entry');
        writeAudit(ctx.db, ctx.actor, now, { action: 'watchlist.deactivate', entity: 'watchlist', entityId: id });
        enqueueContractEvent(ctx.db, this.siteCode, { type: 'watchlist.removed', aggregateType: 'watchlist', aggregateId: id, occurredAt: now, payload: { id } });
        return watchlist.getWatchlistEntry(ctx.db, id) as watchlist.WatchlistRecord;
      }),
    );
  }

  /** Used at every visitor registration: does this name or ID number stand on the list? */
  matches(ctx: Pick<Ctx, 'db'>, person: { fullName: string | null; idNumber: string | null }) {
    return watchlist.watchlistMatches(ctx.db, {
      nameFolded: person.fullName === null ? null : foldText(person.fullName),
      idNumberHash: person.idNumber === null ? null : idNumberHash(this.key, person.idNumber),
    });
  }
}
