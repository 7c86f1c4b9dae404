/** Staff accounts, stations and site settings. */
import { writeAudit } from '../../db/audit.js';
import { transaction } from '../../db/connection.js';
import * as site from '../../db/site.js';
import * as stations from '../../db/stations.js';
import * as users from '../../db/users.js';
import type { AuthService } from '../auth/auth-service.js';
import { hashPassword } from '../auth/secrets.js';
import { iso } from '../clock.js';
import type { PairingCode, SiteUpdate, UserCreate, UserUpdate } from '../contract/index.js';
import { changed, type Ctx } from '../context.js';
import { ApiError, notFound } from '../errors.js';
import { stationView, userView } from '../views.js';


/** Never leave the building without an enabled admin. */
function assertAdminRemains(ctx: Ctx, before: users.UserRecord, patch: users.UserPatch) {
  const losesAdmin = before.role === 'admin' && !before.disabled && ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
  if (losesAdmin && users.countActiveAdmins(ctx.db) <= 1) throw new ApiError(409, 'last_admin', 'this is the last enabled administrator');
}

export async function createUser(ctx: Ctx, input: UserCreate) {
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();
  const user = transaction(ctx.db, () => {
    if (users.getUserForLogin(ctx.db, input.username)) {
      throw new ApiError(409, 'conflict', `username ${input.username} is taken`, [{ path: ['username'], code: 'duplicate', message: 'duplicate' }]);
    }
    const { password: _password, ...rest } = input;
    const created = users.insertUser(ctx.db, { ...rest, passwordHash }, now);
    writeAudit(ctx.db, ctx.actor, now, { action: 'user.create', entity: 'user', entityId: created.id, after: rest });
    return created;
  });
  changed(ctx, 'user', user.id, 'created');
  return userView(user);
}

export async function updateUser(ctx: Ctx, id: number, input: UserUpdate) {
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  const now = ctx.clock.now();
  const user = transaction(ctx.db, () => {
    const before = users.getUser(ctx.db, id);
    if (!before) throw notFound('user');
    const { password: _password, ...rest } = input;
    const patch: users.UserPatch = { ...rest, passwordHash };
    assertAdminRemains(ctx, before, patch);
    const after = users.updateUser(ctx.db, id, patch, now) as users.UserRecord;
    // A new password, a role change or disabling ends the user's sessions everywhere.
    if (passwordHash !== undefined || input.disabled === true || (input.role !== undefined && input.role !== before.role)) {
      users.deleteUserSessions(ctx.db, id);
    }
    writeAudit(ctx.db, ctx.actor, now, {
      action: 'user.update',
      entity: 'user',
      entityId: id,
      before: userView(before),
      after: { ...rest, ...(passwordHash !== undefined && { passwordChanged: true }) },
    });
    return after;
  });
  changed(ctx, 'user', id, 'updated');
  ctx.bus.credentialsEnded();
  return userView(user);
}

export function unlockUser(ctx: Ctx, id: number) {
  const now = ctx.clock.now();
  const user = transaction(ctx.db, () => {
    const before = users.getUser(ctx.db, id);
    if (!before) throw notFound('user');
    users.clearLoginFailures(ctx.db, id);
    writeAudit(ctx.db, ctx.actor, now, { action: 'user.unlock', entity: 'user', entityId: id, before: { lockedUntil: iso(before.lockedUntil) } });
    return users.getUser(ctx.db, id) as users.UserRecord;
  });
  changed(ctx, 'user', id, 'updated');
  return userView(user);
}

export function listUsers(ctx: Ctx) {
  return { items: users.listUsers(ctx.db).map(userView) };
}

export function listStations(ctx: Ctx) {
  return { items: stations.listStations(ctx.db).map(stationView) };
}

export function createStation(ctx: Ctx, authService: AuthService, input: { name: string; kind: stations.StationKind }): PairingCode {
  const now = ctx.clock.now();
  const result = transaction(ctx.db, () => {
    const station = stations.insertStation(ctx.db, input, now);
    writeAudit(ctx.db, ctx.actor, now, { action: 'station.create', entity: 'station', entityId: station.id, after: input });
    const { code, expiresAt } = authService.issuePairingCode(station.id, ctx.actor);
    return { station: stations.getStation(ctx.db, station.id) as stations.StationRecord, code, expiresAt };
  });
  changed(ctx, 'station', result.station.id, 'created');
  return { station: stationView(result.station), code: result.code, expiresAt: iso(result.expiresAt) };
}

export function newPairingCode(ctx: Ctx, authService: AuthService, id: number): PairingCode {
  const result = transaction(ctx.db, () => {
    if (!stations.getStation(ctx.db, id)) throw notFound('station');
    const { code, expiresAt } = authService.issuePairingCode(id, ctx.actor);
    return { station: stations.getStation(ctx.db, id) as stations.StationRecord, code, expiresAt };
  });
  changed(ctx, 'station', id, 'updated');
  ctx.bus.credentialsEnded();
  return { station: stationView(result.station), code: result.code, expiresAt: iso(result.expiresAt) };
}

export function revokeStation(ctx: Ctx, id: number) {
  const now = ctx.clock.now();
  const station = transaction(ctx.db, () => {
    const before = stations.getStation(ctx.db, id);
    if (!before) throw notFound('station');
    const after = stations.revokeStation(ctx.db, id, now) as stations.StationRecord;
    // Staff signed in on the revoked desk are signed out too.
    users.deleteStationSessions(ctx.db, id);
    writeAudit(ctx.db, ctx.actor, now, { action: 'station.revoke', entity: 'station', entityId: id, before });
    return after;
  });
  changed(ctx, 'station', id, 'updated');
  ctx.bus.credentialsEnded();
  return stationView(station);
}

export function updateSite(ctx: Ctx, input: SiteUpdate) {
  const now = ctx.clock.now();
  transaction(ctx.db, () => {
    const before = site.getSite(ctx.db);
    site.updateSite(ctx.db, input, now);
    writeAudit(ctx.db, ctx.actor, now, { action: 'site.update', entity: 'site', entityId: 1, before, after: input });
  });
  changed(ctx, 'site', 1, 'updated');
}
