/**
 * Door controllers' tokens, remembered once checked: a controller asks with the same token on every tap, and its
 * lookup (a SHA-256 and a statement) was a tenth of a decision over HTTP (docs/performance.md).
 * - Only tokens that were valid are remembered; an unknown one is looked up every time (no cache to fill by guessing).
 * - Any change to the controllers table on the gateway's connection (a controller created, revoked or deleted)
 *   empties the cache at once, through a trigger (db/controllers.ts `onControllersChanged`): a revoked token is
 *   refused from the very next request, even before the revocation's transaction commits.
 * - A change made by another process (none of ours writes controllers while the gateway runs; the instance lock keeps
 *   a second gateway out) is seen within MAX_AGE_MS.
 */
import { controllerByToken, onControllersChanged, type ControllerRecord } from '../../db/controllers.js';
import type { Db } from '../../db/connection.js';
import { hashToken } from './secrets.js';

const MAX_AGE_MS = 5_000;
const MAX_ENTRIES = 1_024;

interface Entry {
  controller: { id: number; name: string };
  checkedAt: number;
}

export class ControllerTokens {
  readonly #cache = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = () => performance.now(),
  ) {
    onControllersChanged(db, () => this.#cache.clear());
  }

  /** The controller a token belongs to, or undefined: unknown or revoked. */
  get(token: string): { id: number; name: string } | undefined {
    const now = this.now();
    const entry = this.#cache.get(token);
    if (entry && now - entry.checkedAt < MAX_AGE_MS) return entry.controller;
    const record: ControllerRecord | undefined = controllerByToken(this.db, hashToken(token));
    if (!record) {
      this.#cache.delete(token);
      return undefined;
    }
    if (this.#cache.size >= MAX_ENTRIES) this.#cache.clear();
    const controller = { id: record.id, name: record.name };
    this.#cache.set(token, { controller, checkedAt: now });
    return controller;
  }
}
