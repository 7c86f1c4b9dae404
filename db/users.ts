import type { Selectable } from 'kysely';
import { all, first, run, type Db } from './connection.js';
import type { Schema } from './schema.js';

export type Role = 'admin' | 'manager' | 'receptionist' | 'security' | 'technician' | 'customer_care';

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  grants: string[];
  locale: 'vi' | 'zh' | 'en';
  disabled: boolean;
  failedLogins: number;
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

type UserRow = Schema['users'];

const toRecord = (r: Selectable<UserRow>): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  grants: JSON.parse(r.grants) as string[],
  locale: r.locale as UserRecord['locale'],
  disabled: r.disabled === 1,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  grants: string[];
  locale: UserRecord['locale'];
  passwordHash: string;
}

export function insertUser(db: Db, user: NewUser, now: number): UserRecord {
  const { lastInsertRowid } = run(
    db,
    db.k.insertInto('users').values({
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      grants: JSON.stringify(user.grants),
      locale: user.locale,
      password_hash: user.passwordHash,
      created_at: now,
      updated_at: now,
    }),
  );
  return getUser(db, Number(lastInsertRowid)) as UserRecord;
}

export function getUser(db: Db, id: number): UserRecord | undefined {
  const row = first(db, db.k.selectFrom('users').selectAll().where('id', '=', id));
  return row && toRecord(row);
}

export function getUserForLogin(db: Db, username: string): (UserRecord & { passwordHash: string }) | undefined {
  const row = first(db, db.k.selectFrom('users').selectAll().where('username', '=', username));
  return row && { ...toRecord(row), passwordHash: row.password_hash };
}

export function listUsers(db: Db): UserRecord[] {
  return all(db, db.k.selectFrom('users').selectAll().orderBy('username')).map(toRecord);
}

export function countUsers(db: Db): number {
  return first(db, db.k.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0;
}

export function countActiveAdmins(db: Db): number {
  return (
    first(db, db.k.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').where('disabled', '=', 0))?.n ?? 0
  );
}

export interface UserPatch {
  displayName?: string | undefined;
  role?: Role | undefined;
  grants?: string[] | undefined;
  locale?: UserRecord['locale'] | undefined;
  disabled?: boolean | undefined;
  passwordHash?: string | undefined;
}

export function updateUser(db: Db, id: number, patch: UserPatch, now: number): UserRecord | undefined {
  const { changes } = run(
    db,
    db.k
      .updateTable('users')
      .set({
        ...(patch.displayName !== undefined && { display_name: patch.displayName }),
        ...(patch.role !== undefined && { role: patch.role }),
        ...(patch.grants !== undefined && { grants: JSON.stringify(patch.grants) }),
        ...(patch.locale !== undefined && { locale: patch.locale }),
        ...(patch.disabled !== undefined && { disabled: patch.disabled ? 1 : 0 }),
        ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
        updated_at: now,
      })
      .where('id', '=', id),
  );
  return changes ? getUser(db, id) : undefined;
}

/** Counts a failed login; locks the account for lockMs once the threshold is reached. */
export function recordFailedLogin(db: Db, id: number, threshold: number, lockMs: number, now: number): UserRecord {
  const user = getUser(db, id) as UserRecord;
  const failed = user.failedLogins + 1;
  const lockedUntil = failed >= threshold ? now + lockMs : user.lockedUntil;
  run(db, db.k.updateTable('users').set({ failed_logins: failed >= threshold ? 0 : failed, locked_until: lockedUntil }).where('id', '=', id));
  return getUser(db, id) as UserRecord;
}

export function clearLoginFailures(db: Db, id: number): void {
  run(db, db.k.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id));
}

export interface SessionRecord {
  tokenHash: string;
  userId: number;
  stationId: number | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export function insertSession(db: Db, session: SessionRecord): void {
  run(
    db,
    db.k.insertInto('sessions').values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      station_id: session.stationId,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
    }),
  );
}

export function getSession(db: Db, tokenHash: string): SessionRecord | undefined {
  const r = first(db, db.k.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash));
  return r && { tokenHash: r.token_hash, userId: r.user_id, stationId: r.station_id, createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at };
}

/** Sliding expiry: each use pushes the end out again. */
export function touchSession(db: Db, tokenHash: string, now: number, expiresAt: number): void {
  run(db, db.k.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('token_hash', '=', tokenHash));
}

export function deleteSession(db: Db, tokenHash: string): void {
  run(db, db.k.deleteFrom('sessions').where('token_hash', '=', tokenHash));
}

export function deleteUserSessions(db: Db, userId: number): void {
  run(db, db.k.deleteFrom('sessions').where('user_id', '=', userId));
}

export function deleteStationSessions(db: Db, stationId: number): void {
  run(db, db.k.deleteFrom('sessions').where('station_id', '=', stationId));
}

export function deleteExpiredSessions(db: Db, now: number): number {
  return run(db, db.k.deleteFrom('sessions').where('expires_at', '<=', now)).changes;
}
