import { writeAudit, type Actor } from '../../db/audit.js';
import { transaction } from '../../db/connection.js';
import * as stations from '../../db/stations.js';
import * as users from '../../db/users.js';
import { iso } from '../clock.js';
import type { Config } from '../config.js';
import { permissionsOf, type FirstAdminRequest, type Permission, type SessionInfo } from '../contract/index.js';
import type { Auth, Services } from '../context.js';
import { ApiError } from '../errors.js';
import { ControllerTokens } from './controller-tokens.js';
import { UNMATCHABLE_HASH, hashPassword, hashToken, newPairingCode, newToken, verifyPassword } from './secrets.js';

type AuthConfig = Pick<Config, 'sessionIdleMinutes' | 'loginLockoutThreshold' | 'loginLockoutMinutes' | 'pairingCodeMinutes'>;

/** Staff sessions, station tokens and pairing. Stateless apart from the database. */
export class AuthService {
  readonly #controllers: ControllerTokens;

  constructor(
    private readonly s: Services,
    private readonly config: AuthConfig,
  ) {
    this.#controllers = new ControllerTokens(s.db);
  }

  get #idleMs() {
    return this.config.sessionIdleMinutes * 60_000;
  }

  /** Resolves the caller from a session token (cookie) and/or a station token (Authorization: Bearer). */
  resolve(sessionToken: string | undefined, stationToken: string | undefined): Auth | ApiError {
    const { db, clock } = this.s;
    const now = clock.now();
    if (stationToken?.startsWith('fgc_')) {
      const controller = this.controllerFor(stationToken);
      return controller ? { kind: 'controller', controller: { id: controller.id, name: controller.name }, station: null } : new ApiError(401, 'unauthorized', 'controller token is not valid (revoked?)');
    }
    const station = stationToken ? stations.stationByToken(db, hashToken(stationToken)) : undefined;
    if (stationToken && !station) return new ApiError(401, 'unauthorized', 'station token is not valid (revoked or re-paired)');
    if (station && (station.lastSeenAt ?? 0) < now - 60_000) stations.touchStation(db, station.id, now);
    if (sessionToken) {
      const tokenHash = hashToken(sessionToken);
      const session = users.getSession(db, tokenHash);
      if (session && session.expiresAt > now) {
        const user = users.getUser(db, session.userId);
        if (user && !user.disabled) {
          let expiresAt = session.expiresAt;
          if (now - session.lastSeenAt > 60_000) {
            expiresAt = now + this.#idleMs;
            users.touchSession(db, tokenHash, now, expiresAt);
          }
          const bound = session.stationId !== null ? stations.getStation(db, session.stationId) : undefined;
          const boundStation = station ?? (bound && bound.revokedAt === null ? bound : null);
          return { kind: 'user', user, permissions: permissionsOf(user.role, user.grants as Permission[]), tokenHash, expiresAt, station: boundStation };
        }
      }
      if (!station) return new ApiError(401, 'session_expired', 'your session has ended; sign in again');
    }
    return station ? { kind: 'station', station } : { kind: 'anonymous', station: null };
  }

  /** A door controller's token (`fgc_…`): its controller, or undefined when unknown or revoked. */
  controllerFor(token: string): { id: number; name: string } | undefined {
    return this.#controllers.get(token);
  }

  sessionInfo(auth: Extract<Auth, { kind: 'user' }>): SessionInfo {
    const { user } = auth;
    return {
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, locale: user.locale },
      permissions: auth.permissions,
      station: auth.station && { id: auth.station.id, name: auth.station.name },
      expiresAt: iso(auth.expiresAt),
    };
  }

  async login(username: string, password: string, auth: Auth): Promise<{ token: string; info: SessionInfo }> {
    const { db, clock } = this.s;
    const user = users.getUserForLogin(db, username);
    // An unknown username is checked too, so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? UNMATCHABLE_HASH);
    const now = clock.now();
    const actor: Actor = { userId: user?.id ?? null, username, stationId: auth.station?.id ?? null, stationName: auth.station?.name ?? null };
    if (!user) {
      transaction(db, () => writeAudit(db, actor, now, { action: 'auth.login_failed', entity: 'user', entityId: null, after: { username, reason: 'unknown_user' } }));
      throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
    }
    // Decide on a fresh read inside one transaction: parallel guesses each count, and a lock set by one of them
    // stops the others, even one with the right password.
    const locked = (until: number) => new ApiError(423, 'account_locked', 'too many failed sign-ins; try again later', undefined, { until: iso(until) });
    const outcome = transaction(db, () => {
      const current = users.getUser(db, user.id);
      if (!current) return { error: new ApiError(401, 'invalid_credentials', 'wrong username or password') };
      if (current.lockedUntil !== null && current.lockedUntil > now) return { error: locked(current.lockedUntil) };
      if (!ok) {
        const updated = users.recordFailedLogin(db, user.id, this.config.loginLockoutThreshold, this.config.loginLockoutMinutes * 60_000, now);
        writeAudit(db, actor, now, { action: 'auth.login_failed', entity: 'user', entityId: user.id, after: { reason: 'wrong_password', lockedUntil: updated.lockedUntil } });
        const error = updated.lockedUntil !== null && updated.lockedUntil > now ? locked(updated.lockedUntil) : new ApiError(401, 'invalid_credentials', 'wrong username or password');
        return { error };
      }
      if (current.disabled) return { error: new ApiError(403, 'account_disabled', 'this account is disabled') };
      users.clearLoginFailures(db, user.id);
      writeAudit(db, actor, now, { action: 'auth.login', entity: 'user', entityId: user.id });
      return { session: this.#startSession(current, auth.station?.id ?? null, now) };
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.session;
  }

  #startSession(user: users.UserRecord, stationId: number | null, now: number): { token: string; info: SessionInfo } {
    const { db } = this.s;
    const token = newToken('fgs');
    const tokenHash = hashToken(token);
    const expiresAt = now + this.#idleMs;
    users.insertSession(db, { tokenHash, userId: user.id, stationId, createdAt: now, lastSeenAt: now, expiresAt });
    users.deleteExpiredSessions(db, now);
    const station = stationId !== null ? (stations.getStation(db, stationId) ?? null) : null;
    const auth: Auth = { kind: 'user', user, permissions: permissionsOf(user.role, user.grants as Permission[]), tokenHash, expiresAt, station: station && station.revokedAt === null ? station : null };
    return { token, info: this.sessionInfo(auth) };
  }

  logout(auth: Extract<Auth, { kind: 'user' }>, actor: Actor): void {
    const { db, clock } = this.s;
    transaction(db, () => {
      users.deleteSession(db, auth.tokenHash);
      writeAudit(db, actor, clock.now(), { action: 'auth.logout', entity: 'user', entityId: auth.user.id });
    });
    this.s.bus.credentialsEnded();
  }

  /** First run: creates the first admin and signs them in. Refused once any user exists. */
  async setupAdmin(input: FirstAdminRequest, auth: Auth): Promise<{ token: string; info: SessionInfo }> {
    const { db, clock } = this.s;
    const done = () => new ApiError(409, 'setup_already_done', 'an administrator already exists; sign in instead');
    if (users.countUsers(db) > 0) throw done();
    const passwordHash = await hashPassword(input.password);
    const now = clock.now();
    return transaction(db, () => {
      if (users.countUsers(db) > 0) throw done();
      const user = users.insertUser(db, { username: input.username, displayName: input.displayName, role: 'admin', grants: [], locale: input.locale, passwordHash }, now);
      const actor: Actor = { userId: user.id, username: user.username, stationId: auth.station?.id ?? null, stationName: auth.station?.name ?? null };
      writeAudit(db, actor, now, { action: 'user.create', entity: 'user', entityId: user.id, after: { username: user.username, role: 'admin', via: 'first_run' } });
      return this.#startSession(user, auth.station?.id ?? null, now);
    });
  }

  /** Issues a one-time pairing code for a station (the station's previous token stops working). */
  issuePairingCode(stationId: number, actor: Actor): { code: string; expiresAt: number } {
    const { db, clock } = this.s;
    const now = clock.now();
    const code = newPairingCode();
    const expiresAt = now + this.config.pairingCodeMinutes * 60_000;
    stations.setPairingCode(db, stationId, hashToken(code), expiresAt);
    writeAudit(db, actor, now, { action: 'station.pairing_code', entity: 'station', entityId: stationId, after: { expiresAt: iso(expiresAt) } });
    return { code, expiresAt };
  }

  pair(code: string): { token: string; station: stations.StationRecord } {
    const { db, clock } = this.s;
    const now = clock.now();
    const token = newToken('fgt');
    return transaction(db, () => {
      const station = stations.pairStation(db, hashToken(code), hashToken(token), now);
      if (!station) throw new ApiError(400, 'pairing_code_invalid', 'the pairing code is wrong, used or expired');
      writeAudit(db, { userId: null, username: null, stationId: station.id, stationName: station.name }, now, { action: 'station.pair', entity: 'station', entityId: station.id });
      return { token, station };
    });
  }
}
