import { all, first, run, type Db } from './connection.js';

/** Who did it and from where: attached to every mutation. */
export interface Actor {
  userId: number | null;
  username: string | null;
  stationId: number | null;
  stationName: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', stationId: null, stationName: null };

export interface AuditInput {
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
}

/** Call inside the transaction of the change it records. */
export function writeAudit(db: Db, actor: Actor, at: number, input: AuditInput): void {
  run(
    db,
    db.k.insertInto('audit_log').values({
      at,
      user_id: actor.userId,
      username: actor.username,
      station_id: actor.stationId,
      station_name: actor.stationName,
      action: input.action,
      entity: input.entity,
      entity_id: input.entityId === null ? null : String(input.entityId),
      before: input.before === undefined || input.before === null ? null : JSON.stringify(input.before),
      after: input.after === undefined || input.after === null ? null : JSON.stringify(input.after),
    }),
  );
}

export interface AuditRow {
  id: number;
  at: number;
  userId: number | null;
  username: string | null;
  stationId: number | null;
  stationName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditFilter {
  entity?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  userId?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
  offset: number;
}

export function listAudit(db: Db, filter: AuditFilter): { rows: AuditRow[]; total: number } {
  let q = db.k.selectFrom('audit_log');
  if (filter.entity) q = q.where('entity', '=', filter.entity);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.userId !== undefined) q = q.where('user_id', '=', filter.userId);
  if (filter.from !== undefined) q = q.where('at', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('at', '<', filter.to);
  const total = first(db, q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
  const rows = all(db, q.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.offset));
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      userId: r.user_id,
      username: r.username,
      stationId: r.station_id,
      stationName: r.station_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before === null ? null : (JSON.parse(r.before) as unknown),
      after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    })),
  };
}
