import type { Actor } from '../db/audit.js';
import type { Db } from '../db/connection.js';
import type { StationRecord } from '../db/stations.js';
import type { UserRecord } from '../db/users.js';
import { iso, type Clock } from './clock.js';
import type { Permission } from './contract/index.js';
import type { EventBus } from './events.js';

/** Who is calling: resolved once per request from the session cookie and/or the station token. */
export type Auth =
  | { kind: 'anonymous'; station: StationRecord | null }
  | { kind: 'station'; station: StationRecord }
  /** An IP door controller asking for access decisions. */
  | { kind: 'controller'; controller: { id: number; name: string }; station: null }
  | { kind: 'user'; user: UserRecord; permissions: Permission[]; tokenHash: string; expiresAt: number; station: StationRecord | null };

export interface Services {
  db: Db;
  clock: Clock;
  bus: EventBus;
}

/** What a service call needs: the shared services plus who acts. */
export interface Ctx extends Services {
  actor: Actor;
  auth: Auth;
}

export function actorOf(auth: Auth): Actor {
  const station = auth.station;
  return {
    userId: auth.kind === 'user' ? auth.user.id : null,
    username: auth.kind === 'user' ? auth.user.username : auth.kind === 'controller' ? `controller:${auth.controller.name}` : null,
    stationId: station?.id ?? null,
    stationName: station?.name ?? null,
  };
}

/** Tells open screens that a directory entity changed; call after the commit. */
export function changed(ctx: Ctx, entity: 'unit' | 'company' | 'person' | 'user' | 'station' | 'site', id: number, action: 'created' | 'updated' | 'deleted'): void {
  ctx.bus.publish({ type: 'entity.changed', at: iso(ctx.clock.now()), data: { entity, id, action } });
}

export function can(auth: Auth, permission: Permission): boolean {
  return auth.kind === 'user' && auth.permissions.includes(permission);
}
