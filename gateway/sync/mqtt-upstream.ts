/**
 * The MQTT side of upstream (docs/upstream-api.md), MQTT 5 with a persistent session (clean start off, a fixed
 * client id), so commands published while the gateway is offline wait at the broker:
 *   publish   frontgate/<site>/events/<type>   one event envelope per message, QoS 1; sent = PUBACK received
 *   subscribe frontgate/<site>/commands        one command per message, QoS 1; PUBACK only after it was applied
 *   publish   frontgate/<site>/commands/ack    CommandAck, QoS 1
 * With a secret, every message carries the user property `x-frontgate-signature: sha256=<HMAC of the payload>`;
 * commands without a valid one are dropped. A PUBACK reason code 135 (not authorized) or a refused connection is an
 * auth failure, 144/153 (topic name / payload format invalid) a rejection of that event.
 */
import type { IClientOptions, IClientPublishOptions, IPublishPacket, MqttClient } from 'mqtt';
import type { OutboxRow, Rejection } from '../../db/outbox.js';
import type { CommandResult } from '../contract/index.js';
import { commandAckTopic, commandTopic, envelopeJson, eventTopic } from './envelope.js';
import { SyncError } from './errors.js';
import type { SyncLog } from './pusher.js';
import { SIGNATURE_PROPERTY, sign, verifySignature } from './signature.js';
import type { EventSink, PushResult } from './sink.js';

export interface MqttUpstreamOptions {
  url: string;
  site: string;
  /** Sent as the MQTT password (user name: the site code) unless the URL carries credentials. */
  token: string | null;
  secret: string | null;
  timeoutMs: number;
  /** Applies a command; runs before the PUBACK, so a crash before it means the broker delivers it again. */
  onCommand?: (raw: unknown) => void;
  /** Connected (again): a moment to publish pending command acknowledgements. */
  onConnect?: () => void;
  log: SyncLog;
  /** Overrides for tests (e.g. a faster reconnect). */
  clientOptions?: Partial<IClientOptions>;
}

const AUTH_CONNACK = new Set([4, 5, 134, 135, 138, 140]);

interface Message {
  topic: string;
  payload: string;
  options: IClientPublishOptions;
}
const REJECT_PUBACK = new Set([144, 153]);

export class MqttUpstream implements EventSink {
  readonly transport = 'mqtt' as const;
  #client: MqttClient | null = null;
  #connectError: SyncError | null = null;

  constructor(private readonly o: MqttUpstreamOptions) {}

  get connected(): boolean {
    return this.#client?.connected ?? false;
  }

  /** Connects in the background (and keeps reconnecting); resolves after the first connect or the first failure. */
  async start(): Promise<void> {
    // Loaded here, not at start-up: a gateway without an MQTT upstream never needs the client.
    const { default: mqtt } = await import('mqtt');
    const url = new URL(this.o.url);
    const credentials = url.username ? {} : { username: this.o.site, ...(this.o.token !== null && { password: this.o.token }) };
    const client = mqtt.connect(this.o.url, {
      protocolVersion: 5,
      clientId: `frontgate-${this.o.site}-upstream`,
      clean: false,
      properties: { sessionExpiryInterval: 7 * 24 * 3600 },
      reconnectPeriod: 2000,
      connectTimeout: this.o.timeoutMs,
      ...credentials,
      ...this.o.clientOptions,
    });
    this.#client = client;
    client.handleMessage = (packet, done) => this.#onMessage(packet, done);
    client.on('error', (error: Error & { code?: unknown }) => {
      const code = typeof error.code === 'number' ? error.code : null;
      this.#connectError =
        code !== null && AUTH_CONNACK.has(code)
          ? new SyncError('auth', 'mqtt_not_authorized', `the MQTT broker refused the gateway: ${error.message}`)
          : new SyncError('retryable', 'mqtt_error', `MQTT: ${error.message}`);
      this.o.log.warn({ code }, `upstream MQTT: ${error.message}`);
    });
    client.on('connect', (connack) => {
      this.#connectError = null;
      // Small QoS 1 publishes and PUBACKs go back and forth: without this, Nagle's algorithm holds them for tens of ms.
      (client.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
      if (!connack.sessionPresent) {
        client.subscribe(commandTopic(this.o.site), { qos: 1 }, (error) => {
          if (error) this.o.log.warn({}, `upstream MQTT: cannot subscribe to commands: ${error.message}`);
        });
      }
      this.o.onConnect?.();
    });
    return new Promise((resolve) => {
      client.once('connect', () => resolve());
      client.once('error', () => resolve());
      client.once('offline', () => resolve());
    });
  }

  /** Each event's topic, payload and signed publish options. */
  encode(rows: readonly OutboxRow[]): Message[] {
    return rows.map((row) => {
      const payload = envelopeJson(row);
      return { topic: eventTopic(row.siteCode, row.type), payload, options: { qos: 1, ...this.#signed(payload) } };
    });
  }

  async push(rows: readonly OutboxRow[], signal: AbortSignal, encoded?: unknown): Promise<PushResult> {
    const messages = (encoded as Message[] | undefined) ?? this.encode(rows);
    const client = this.#client;
    if (!client?.connected) throw this.#connectError ?? new SyncError('retryable', 'mqtt_offline', 'not connected to the MQTT broker');
    // Stay within the broker's receive maximum (in-flight QoS 1 messages it accepts from us).
    const window = Math.max(1, Math.min(rows.length, receiveMaximum(client)));
    const accepted: string[] = [];
    const rejected: Rejection[] = [];
    let error: SyncError | undefined;
    let next = 0;
    let inFlight = 0;
    let refill = false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, this.o.timeoutMs);
      signal.addEventListener('abort', finish, { once: true });
      let finished = false;
      function finish() {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        resolve();
      }
      const send = () => {
        while (!finished && inFlight < window && next < rows.length) {
          const row = rows[next] as OutboxRow;
          const message = messages[next++] as Message;
          inFlight++;
          client.publish(message.topic, message.payload, message.options, (err) => {
            inFlight--;
            if (!err) accepted.push(row.id);
            else {
              const code = (err as { code?: unknown }).code;
              if (typeof code === 'number' && REJECT_PUBACK.has(code)) rejected.push({ id: row.id, code: `mqtt_${code}`, reason: err.message });
              else if (code === 135) error = new SyncError('auth', 'mqtt_not_authorized', `the MQTT broker refused to take events: ${err.message}`);
              else error ??= new SyncError('retryable', 'mqtt_publish', `MQTT publish failed: ${err.message}`);
            }
            if (accepted.length + rejected.length === rows.length || (inFlight === 0 && (next >= rows.length || error !== undefined))) finish();
            else if (error === undefined && !refill) {
              // Refill the window once the acknowledgements that arrived together are handled: the publishes then
              // leave in one write instead of one system call each.
              refill = true;
              setImmediate(() => {
                refill = false;
                send();
              });
            }
          });
        }
      };
      send();
    });
    if (accepted.length + rejected.length < rows.length) error ??= new SyncError('retryable', 'timeout', `the MQTT broker acknowledged ${accepted.length} of ${rows.length} events in time`);
    return { accepted, rejected, ...(error && { error }) };
  }

  /** Publishes command outcomes; resolves when the broker acknowledged them. */
  async publishAcks(results: readonly CommandResult[]): Promise<void> {
    const client = this.#client;
    if (!client?.connected) throw new SyncError('retryable', 'mqtt_offline', 'not connected to the MQTT broker');
    const payload = JSON.stringify({ site: this.o.site, results });
    await client.publishAsync(commandAckTopic(this.o.site), payload, { qos: 1, ...this.#signed(payload) });
  }

  async close(): Promise<void> {
    await this.#client?.endAsync();
    this.#client = null;
  }

  #signed(payload: string): Pick<IClientPublishOptions, 'properties'> {
    return this.o.secret === null ? {} : { properties: { userProperties: { [SIGNATURE_PROPERTY]: sign(this.o.secret, payload) } } };
  }

  #onMessage(packet: IPublishPacket, done: (error?: Error) => void): void {
    if (packet.topic !== commandTopic(this.o.site)) return done();
    const payload = typeof packet.payload === 'string' ? packet.payload : packet.payload.toString('utf8');
    const signature = packet.properties?.userProperties?.[SIGNATURE_PROPERTY];
    if (this.o.secret !== null && !verifySignature(this.o.secret, payload, Array.isArray(signature) ? signature[0] : signature)) {
      this.o.log.warn({ topic: packet.topic }, 'upstream MQTT: dropped a command without a valid signature');
      return done();
    }
    let raw: unknown;
    try {
      raw = JSON.parse(payload);
    } catch {
      this.o.log.warn({ topic: packet.topic }, 'upstream MQTT: dropped a command that is not JSON');
      return done();
    }
    try {
      this.o.onCommand?.(raw);
    } catch (error) {
      // Not acknowledged: the broker delivers it again after the reconnect.
      this.o.log.error({ err: error }, 'upstream MQTT: a command could not be applied; it will come again');
      return done(error as Error);
    }
    done();
  }
}

/** The broker's receive maximum from CONNACK (MQTT 5), or the protocol default. */
function receiveMaximum(client: MqttClient): number {
  const props = (client as unknown as { connackPacket?: { properties?: { receiveMaximum?: number } } }).connackPacket?.properties;
  return props?.receiveMaximum ?? 65535;
}
