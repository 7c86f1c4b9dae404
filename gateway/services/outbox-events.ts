/**
 * Every event the services send upstream passes here: its payload is checked against its type's schema in the
 * contract (gateway/contract/outbox-events.ts) before `enqueueEvent` writes it, inside the change's transaction. A
 * mismatch — or a type without a schema — is a programming error: it throws, and the whole change rolls back, rather
 * than send upstream something the contract does not promise.
 */
import { enqueueEvent, type OutboxEvent } from '../../db/outbox.js';
import type { Db } from '../../db/connection.js';
import { isOutboxEventType, OUTBOX_EVENT_PAYLOADS } from '../contract/outbox-events.js';

export function enqueueContractEvent(db: Db, siteCode: string, event: OutboxEvent): string {
  if (!isOutboxEventType(event.type)) throw new Error(`outbox: no payload schema for event type ${event.type}`);
  const checked = OUTBOX_EVENT_PAYLOADS[event.type].safeParse(event.payload);
  if (!checked.success) throw new Error(`outbox: the ${event.type} payload does not match its schema: ${checked.error.message}`);
  return enqueueEvent(db, siteCode, event);
}
