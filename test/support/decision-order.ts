/**
 * The decision log's order promise, shared by its tests in both modes (written on the gateway's connection, or by the
 * background worker): a decision, then a card suspended in a service transaction, then a decision; the outbox holds
 * the three events in that order.
 */
import { expect } from 'vitest';
import type { AccessDecider } from '../../db/access.js';
import type { DecisionLog } from '../../db/access-log.js';
import { transaction, type Db } from '../../db/connection.js';
import { enqueueEvent } from '../../db/outbox.js';

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
