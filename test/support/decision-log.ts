/**
 * The decision log's tests in both modes (written on the gateway's connection, or by the background worker): their
 * building, and the order promise they both check.
 */
import { expect } from 'vitest';
import type { AccessDecider } from '../../db/access.js';
import type { DecisionLog } from '../../db/access-log.js';
import { transaction, type Db } from '../../db/connection.js';
import { enqueueEvent } from '../../db/outbox.js';

/** A lobby door, a car park with anti-passback (in and out readers), and card DEADBEEF (id 1) allowed in both. */
export function seedDecisionLogBuilding(db: Db): void {
  db.sqlite.exec(`
    INSERT INTO access_zones (id, code, name, kind, anti_passback) VALUES (1, 'LOBBY', 'Sảnh', 'door', 0), (2, 'PARK', 'Hầm xe', 'car_park', 1);
    INSERT INTO access_readers (id, name, zone_id, direction) VALUES ('lobby-in', 'Cửa sảnh', 1, 'in'), ('park-in', 'Hầm vào', 2, 'in'), ('park-out', 'Hầm ra', 2, 'out');
    INSERT INTO cards (id, uid, technology, status, created_at, updated_at) VALUES (1, 'DEADBEEF', 'mifare_classic', 'active', 0, 0);
    INSERT INTO card_zones (card_id, zone_id) VALUES (1, 1), (1, 2);
  `);
}

/**
 * A decision, then a card suspended in a service transaction, then a decision: the outbox holds the three events in
 * that order.
 */
export function expectDecisionsOrderedAroundACardChange(db: Db, decider: AccessDecider, log: DecisionLog, at: number): void {
  expect(decider.decide('lobby-in', 'DEADBEEF', at).granted).toBe(true);
  transaction(db, () => {
    db.sqlite.prepare("UPDATE cards SET status = 'suspended' WHERE id = 1").run();
    enqueueEvent(db, 'TEST', { type: 'card.suspended', aggregateType: 'card', aggregateId: 1, occurredAt: at + 1, payload: { id: 1 } });
  });
  expect(decider.decide('lobby-in', 'DEADBEEF', at + 2).reason).toBe('not_active');
  log.flush();
  const rows = db.sqlite.prepare('SELECT type, payload FROM outbox ORDER BY id').all() as { type: string; payload: string }[];
  expect(rows.map((r) => [r.type, (JSON.parse(r.payload) as { reason?: string }).reason])).toEqual([
    ['access.decided', 'granted'],
    ['card.suspended', undefined],
    ['access.decided', 'not_active'],
  ]);
}
