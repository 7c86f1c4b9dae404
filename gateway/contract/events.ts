/** Events the gateway pushes to kiosks over the WebSocket at /api/events. */
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { AccessDecision, CardView } from './cards.js';
import { CardPresentedEvent, CardRemovedEvent, CodeScannedEvent, DeviceView, IdScannedEvent } from './devices.js';
import { ImportJob } from './imports.js';
import { VisitView } from './visits.js';

export const EntityChanged = lazySchema(() =>
  z.object({
    entity: z.enum(['unit', 'company', 'person', 'user', 'station', 'site']),
    id: z.number().int(),
    action: z.enum(['created', 'updated', 'deleted']),
  }),
);

/**
 * Who took a visit step: staff signed in (at the desk or anywhere), the visitor at a self-service kiosk (its station
 * token; an invited visitor who signs in there too, although the visit's channel stays `preregistered`/`upstream`), or
 * the gateway itself (upstream commands).
 */
export const VisitChangeSource = lazySchema(() => z.enum(['staff', 'kiosk', 'system']));
export type VisitChangeSource = z.infer<typeof VisitChangeSource>;

export const GatewayEvent = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('hello'), at: z.string(), data: z.object({ version: z.string() }) }),
    z.object({ type: z.literal('entity.changed'), at: z.string(), data: EntityChanged }),
    z.object({ type: z.literal('import.progress'), at: z.string(), data: ImportJob }),
    z.object({ type: z.literal('card.presented'), at: z.string(), data: CardPresentedEvent }),
    z.object({ type: z.literal('card.removed'), at: z.string(), data: CardRemovedEvent }),
    /** A parsed ID document (or why the scan is not one). Personal data: only staff who read people, and the device's own station. */
    z.object({ type: z.literal('id.scanned'), at: z.string(), data: IdScannedEvent }),
    /** A scanned code that is not an ID document (a visit QR, a parcel label). */
    z.object({ type: z.literal('code.scanned'), at: z.string(), data: CodeScannedEvent }),
    z.object({ type: z.literal('device.status'), at: z.string(), data: DeviceView }),
    z.object({ type: z.literal('card.changed'), at: z.string(), data: CardView }),
    /** Every door decision, live on the security station; denials carry the reason. */
    z.object({ type: z.literal('access.decided'), at: z.string(), data: AccessDecision.extend({ readerName: z.string().nullable() }) }),
    /**
     * A visit changed (checked in at the desk or kiosk, admitted, checked out…): the desk and security lists follow live;
     * `source` tells a visitor's own step at a kiosk (the desk is told of a kiosk arrival) from staff's.
     */
    z.object({ type: z.literal('visit.changed'), at: z.string(), data: z.object({ action: z.string(), visit: VisitView, source: VisitChangeSource }) }),
    /** A visitor on the watchlist tried to register: security must act. */
    z.object({ type: z.literal('visit.alert'), at: z.string(), data: z.object({ visit: VisitView, reason: z.string(), stationName: z.string().nullable() }) }),
  ]),
);
export type GatewayEvent = z.infer<typeof GatewayEvent>;
export type GatewayEventType = GatewayEvent['type'];

/** The browser cannot set headers on a WebSocket: a station sends its token as this subprotocol prefix. */
export const WS_TOKEN_PROTOCOL_PREFIX = 'frontgate.token.';
export const WS_PROTOCOL = 'frontgate.v1';
