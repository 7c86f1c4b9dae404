/** Events the gateway pushes to kiosks over the WebSocket at /api/events. */
import { z } from 'zod';
import { ImportJob } from './imports.js';

export const EntityChanged = z.object({
  entity: z.enum(['unit', 'company', 'person', 'user', 'station', 'site']),
  id: z.number().int(),
  action: z.enum(['created', 'updated', 'deleted']),
});

export const GatewayEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), at: z.string(), data: z.object({ version: z.string() }) }),
  z.object({ type: z.literal('entity.changed'), at: z.string(), data: EntityChanged }),
  z.object({ type: z.literal('import.progress'), at: z.string(), data: ImportJob }),
]);
export type GatewayEvent = z.infer<typeof GatewayEvent>;
export type GatewayEventType = GatewayEvent['type'];

/** The browser cannot set headers on a WebSocket: a station sends its token as this subprotocol prefix. */
export const WS_TOKEN_PROTOCOL_PREFIX = 'frontgate.token.';
export const WS_PROTOCOL = 'frontgate.v1';
