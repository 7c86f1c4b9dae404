/**
 * `frontgate upstream-dev`: a DEVELOPMENT upstream receiver for tests, demos and for writing a real one against.
 * It implements docs/upstream-api.md — token and signature checks, idempotent storage by event id (INSERT OR IGNORE
 * into its own SQLite file), per-aggregate ordering in its answers, queued commands with a cursor, acknowledgements —
 * and adds /_dev/* endpoints to queue commands, read what arrived, and inject failures. Not for production.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { z } from 'zod';
import { closeDatabase, type Db } from '../../db/connection.js';
import {
  commandAcks,
  commandsAfter,
  EventIngest,
  openReceiverStore,
  queueCommand,
  receiverStats,
  recordCommandAcks,
  storedEvents,
  type ReceivedEvent,
} from '../../db/receiver-store.js';
import { systemClock, type Clock } from '../clock.js';
import { CommandAck, EventEnvelope, type EventRejection } from '../contract/index.js';
import { commandTopic } from './envelope.js';
import { SIGNATURE_HEADER, SIGNATURE_PROPERTY, sign, verifySignature } from './signature.js';

export interface DevReceiverOptions {
  port: number;
  host?: string;
  dataFile: string;
  token: string | null;
  secret: string | null;
  /** Also take events (and command acknowledgements) from this MQTT broker, and publish commands there. */
  mqttUrl?: string | null;
  clock?: Clock;
  log?: (line: string) => void;
}

/** Failures to inject, set through POST /_dev/faults; counters count down per request. */
export const Faults = z.object({
  /** Answer the next N event batches with this status (and Retry-After, if given), storing nothing. */
  failNext: z.object({ count: z.number().int().min(0), status: z.number().int().min(400).max(599), retryAfter: z.string().optional() }).optional(),
  /** Never answer the next N event batches (the gateway times out); nothing is stored. */
  hangNext: z.number().int().min(0).optional(),
  /** Store the next N batches, then drop the connection instead of answering: the gateway sends them again. */
  dropAcks: z.number().int().min(0).optional(),
  /** Refuse, event by event, these event types / aggregates ("type:id"), with this code. Empty lists: refuse none. */
  rejectTypes: z.array(z.string()).optional(),
  rejectAggregates: z.array(z.string()).optional(),
  rejectCode: z.string().optional(),
  /** Answer 422 to the whole batch when it contains an event of this type (null: off). */
  poisonType: z.string().nullable().optional(),
  /** Serve the command queue from the start once, ignoring the cursor (a redelivery). */
  replayCommands: z.boolean().optional(),
});
type FaultPlan = z.infer<typeof Faults>;

const Uuid = z.uuid();
const LenientBatch = z.object({ site: z.string(), events: z.array(z.unknown()).max(10_000) });
const QueueCommands = z.object({ commands: z.array(z.looseObject({ id: z.string().min(1).max(100) })).min(1), via: z.enum(['http', 'mqtt']).default('http'), site: z.string().optional() });

export interface DevReceiver {
  url: string;
  port: number;
  db: Db;
  close(): Promise<void>;
}

export const DEV_BANNER = 'FrontGate upstream-dev: a DEVELOPMENT receiver for tests and demos. Not for production: no TLS, one shared token, data in a local file.';

export async function startDevReceiver(o: DevReceiverOptions): Promise<DevReceiver> {
  const clock = o.clock ?? systemClock;
  const log = o.log ?? (() => undefined);
  const db = openReceiverStore(o.dataFile);
  const ingest = new EventIngest(db);
  const faults: FaultPlan = {};
  const hanging = new Set<ServerResponse>();
  let mqttClient: MqttClient | null = null;
  let stopIngest: (() => Promise<void>) | null = null;

  const authorized = (request: IncomingMessage): boolean => {
    if (o.token === null) return true;
    const header = request.headers.authorization ?? '';
    const expected = Buffer.from(`Bearer ${o.token}`);
    const got = Buffer.from(header);
    return got.length === expected.length && timingSafeEqual(got, expected);
  };

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', ...(o.secret !== null && { [SIGNATURE_HEADER]: sign(o.secret, text) }), ...headers });
    response.end(text);
  };
  const error = (response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) =>
    send(response, status, { error: { code, message } }, headers);

  /** Per-aggregate order: after a refusal, later events of that aggregate in the batch are left unanswered. */
  const judge = (events: unknown[]): { store: ReceivedEvent[]; rejected: EventRejection[] } => {
    const store: ReceivedEvent[] = [];
    const rejected: EventRejection[] = [];
    const blocked = new Set<string>();
    for (const raw of events) {
      const parsed = EventEnvelope.safeParse(raw);
      const id = (raw as { id?: unknown } | null)?.id;
      if (!parsed.success) {
        if (typeof id === 'string' && Uuid.safeParse(id).success) {
          rejected.push({ id, code: 'invalid_event', reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 500) });
          const aggregate = (raw as { aggregate?: { type?: unknown; id?: unknown } }).aggregate;
          blocked.add(`${String(aggregate?.type)}:${String(aggregate?.id)}`);
        }
        continue;
      }
      const event = parsed.data;
      const key = `${event.aggregate.type}:${event.aggregate.id}`;
      if (blocked.has(key)) continue;
      if (faults.rejectTypes?.includes(event.type) || faults.rejectAggregates?.includes(key)) {
        rejected.push({ id: event.id, code: faults.rejectCode ?? 'refused_by_test', reason: `the development receiver was told to refuse ${event.type} of ${key}` });
        blocked.add(key);
        continue;
      }
      store.push(event);
    }
    return { store, rejected };
  };

  const onEvents = (request: IncomingMessage, response: ServerResponse, raw: Buffer) => {
    if (faults.hangNext) {
      faults.hangNext--;
      hanging.add(response);
      response.on('close', () => hanging.delete(response));
      return;
    }
    if (faults.failNext?.count) {
      faults.failNext.count--;
      const retryAfter = faults.failNext.retryAfter;
      return error(response, faults.failNext.status, 'injected_failure', 'failure injected by /_dev/faults', retryAfter ? { 'retry-after': retryAfter } : {});
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return error(response, 400, 'invalid_json', 'the body is not JSON');
    }
    const batch = LenientBatch.safeParse(body);
    if (!batch.success) return error(response, 400, 'invalid_batch', 'expected {site, sentAt, events: [...]}');
    if (faults.poisonType && batch.data.events.some((e) => (e as { type?: unknown }).type === faults.poisonType)) {
      return error(response, 422, 'poisoned_batch', `the development receiver refuses batches containing ${faults.poisonType}`);
    }
    const { store, rejected } = judge(batch.data.events);
    ingest.ingest(store, 'http', clock.now());
    if (faults.dropAcks) {
      faults.dropAcks--;
      request.socket.destroy();
      return;
    }
    send(response, 200, { accepted: store.map((e) => e.id), rejected });
  };

  const onCommands = (url: URL, response: ServerResponse) => {
    const after = faults.replayCommands ? 0 : Number(url.searchParams.get('after') ?? '0') || 0;
    faults.replayCommands = false;
    const limit = Math.min(1000, Math.max(1, Number(url.searchParams.get('limit') ?? '100') || 100));
    const page = commandsAfter(db, after, limit);
    send(response, 200, { commands: page.map((c) => c.body), cursor: String(page.at(-1)?.seq ?? after) });
  };

  const onAck = (response: ServerResponse, raw: Buffer) => {
    const parsed = CommandAck.safeParse(parseJson(raw));
    if (!parsed.success) return error(response, 400, 'invalid_ack', 'expected {site, results: [...]}');
    recordCommandAcks(db, parsed.data.results, clock.now());
    send(response, 200, { ok: true });
  };

  const onDev = async (request: IncomingMessage, url: URL, response: ServerResponse, raw: Buffer) => {
    const route = `${request.method} ${url.pathname}`;
    if (route === 'POST /_dev/faults') {
      const plan = Faults.safeParse(parseJson(raw));
      if (!plan.success) return error(response, 400, 'invalid_faults', plan.error.message);
      Object.assign(faults, plan.data);
      return send(response, 200, faults);
    }
    if (route === 'POST /_dev/commands') {
      const input = QueueCommands.safeParse(parseJson(raw));
      if (!input.success) return error(response, 400, 'invalid_commands', input.error.message);
      if (input.data.via === 'mqtt') {
        if (!mqttClient || !input.data.site) return error(response, 400, 'no_mqtt', 'start the receiver with --mqtt and give the site');
        for (const command of input.data.commands) {
          const payload = JSON.stringify(command);
          await mqttClient.publishAsync(commandTopic(input.data.site), payload, { qos: 1, ...(o.secret !== null && { properties: { userProperties: { [SIGNATURE_PROPERTY]: sign(o.secret, payload) } } }) });
        }
        return send(response, 200, { queued: input.data.commands.length });
      }
      for (const command of input.data.commands) queueCommand(db, command.id, command, clock.now());
      return send(response, 200, { queued: input.data.commands.length });
    }
    if (route === 'GET /_dev/events') {
      return send(response, 200, { items: storedEvents(db, { afterSeq: Number(url.searchParams.get('after') ?? '0') || 0, limit: Number(url.searchParams.get('limit') ?? '1000') || 1000 }) });
    }
    if (route === 'GET /_dev/stats') return send(response, 200, receiverStats(db));
    if (route === 'GET /_dev/acks') return send(response, 200, { items: commandAcks(db) });
    return error(response, 404, 'not_found', `no route ${route}`);
  };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 64 * 1024 * 1024) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(request.url ?? '/', 'http://receiver');
      const route = `${request.method} ${url.pathname}`;
      if (!authorized(request)) return error(response, 401, 'unauthorized', 'missing or wrong bearer token');
      if (request.method === 'POST' && url.pathname.startsWith('/v1/') && o.secret !== null && !verifySignature(o.secret, raw, request.headers[SIGNATURE_HEADER])) {
        return error(response, 401, 'bad_signature', `${SIGNATURE_HEADER} does not match the body`);
      }
      try {
        if (route === 'POST /v1/events') return onEvents(request, response, raw);
        if (route === 'GET /v1/commands') return onCommands(url, response);
        if (route === 'POST /v1/commands/ack') return onAck(response, raw);
        void onDev(request, url, response, raw).catch((e: unknown) => error(response, 500, 'internal', (e as Error).message));
      } catch (e) {
        error(response, 500, 'internal', (e as Error).message);
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  if (o.mqttUrl) ({ client: mqttClient, stop: stopIngest } = await connectMqttIngest(o.mqttUrl, db, ingest, o.secret, clock, log));

  const url = `http://${o.host ?? '127.0.0.1'}:${port}`;
  log(`${DEV_BANNER}\nlistening on ${url} (POST /v1/events, GET /v1/commands, POST /v1/commands/ack; /_dev/* for tests)\nstoring events in ${o.dataFile}`);
  return {
    url,
    port,
    db,
    async close() {
      for (const response of hanging) response.destroy();
      await stopIngest?.();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      closeDatabase(db);
    },
  };
}

/**
 * Takes events from the broker (frontgate/+/events/#) with a persistent session. mqtt.js hands messages over one at
 * a time and sends the PUBACK when the handler is done, so each event is stored before the broker forgets it.
 */
async function connectMqttIngest(url: string, db: Db, ingest: EventIngest, secret: string | null, clock: Clock, log: (line: string) => void): Promise<{ client: MqttClient; stop(): Promise<void> }> {
  const client = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: 'frontgate-upstream-dev', clean: false, properties: { sessionExpiryInterval: 3600 }, reconnectPeriod: 500 });
  // One PUBACK per message: without this, Nagle's algorithm holds each for tens of milliseconds.
  const noDelay = () => (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  noDelay();
  client.on('connect', noDelay);
  client.handleMessage = (packet: IPublishPacket, done) => {
    const payload = packet.payload.toString();
    const signature = packet.properties?.userProperties?.[SIGNATURE_PROPERTY];
    if (secret !== null && !verifySignature(secret, payload, Array.isArray(signature) ? signature[0] : signature)) {
      log(`dropped an unsigned message on ${packet.topic}`);
      return done();
    }
    if (packet.topic.endsWith('/commands/ack')) {
      const ack = CommandAck.safeParse(parseJson(Buffer.from(payload)));
      if (ack.success) recordCommandAcks(db, ack.data.results, clock.now());
      return done();
    }
    const event = EventEnvelope.safeParse(parseJson(Buffer.from(payload)));
    if (!event.success) log(`dropped an invalid event on ${packet.topic}`);
    else ingest.ingest([event.data], 'mqtt', clock.now());
    done();
  };
  await client.subscribeAsync(['frontgate/+/events/#', 'frontgate/+/commands/ack'], { qos: 1 });
  return { client, stop: () => client.endAsync() };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}
