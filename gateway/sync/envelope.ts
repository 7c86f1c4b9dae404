/**
 * Event envelopes on the wire (contract: EventEnvelope, EventBatch). The stored payload is already JSON text, so the
 * envelope is written around it instead of parsing and re-serialising it: the drain of a large backlog stays cheap.
 */
import type { OutboxRow } from '../../db/outbox.js';

const str = JSON.stringify;

export function envelopeJson(row: OutboxRow): string {
  return (
    `{"id":${str(row.id)},"site":${str(row.siteCode)},"type":${str(row.type)},"schemaVersion":${row.schemaVersion},` +
    `"occurredAt":"${new Date(row.occurredAt).toISOString()}","aggregate":{"type":${str(row.aggregateType)},"id":${str(row.aggregateId)}},"payload":${row.payload}}`
  );
}

export function batchJson(site: string, sentAt: number, rows: readonly OutboxRow[]): string {
  return `{"site":${str(site)},"sentAt":"${new Date(sentAt).toISOString()}","events":[${rows.map(envelopeJson).join(',')}]}`;
}

/** MQTT topic of one event: frontgate/<site>/events/<type>. */
export const eventTopic = (site: string, type: string) => `frontgate/${site}/events/${type}`;
export const commandTopic = (site: string) => `frontgate/${site}/commands`;
export const commandAckTopic = (site: string) => `frontgate/${site}/commands/ack`;
