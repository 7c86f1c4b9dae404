/**
 * Access decisions over MQTT for door controllers that speak it. A controller publishes
 *   frontgate/<site>/access/request/<readerId>   {"uid": "62E3086CED", "requestId": "…"}
 * and the gateway answers on
 *   frontgate/<site>/access/response/<readerId>  {"requestId": "…", "granted": true, "reason": "granted", …}
 * (or on the MQTT 5 response topic, echoing the correlation data, when the request carries one), with the QoS the
 * request arrived with: a controller that asks at QoS 1 is answered at QoS 1, one that asks at QoS 0 (a tap is
 * repeated by the cardholder anyway) saves the acknowledgement round trip both ways.
 * Who may publish requests is the broker's business (its ACL); the gateway validates every message.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { z } from 'zod';
import { CardUid, type AccessDecision } from '../contract/index.js';

export const AccessRequestMessage = z.object({ uid: CardUid, requestId: z.string().max(100).optional() });

export interface MqttAccessOptions {
  url: string;
  siteCode: string;
  username: string | null;
  password: string | null;
  decide(readerId: string, uid: string): AccessDecision;
  log(message: string, detail?: unknown): void;
}

export const requestTopic = (site: string, readerId = '+') => `frontgate/${site}/access/request/${readerId}`;
export const responseTopic = (site: string, readerId: string) => `frontgate/${site}/access/response/${readerId}`;
const READER_ID = /^[a-z0-9][a-z0-9-]{1,39}$/;

export class MqttAccessResponder {
  #client: MqttClient | undefined;
  #corked = false;

  constructor(private readonly options: MqttAccessOptions) {}

  /** Connects (and keeps reconnecting) in the background; resolves once subscribed or after the first failure. */
  start(): Promise<void> {
    const { url, siteCode, username, password } = this.options;
    const clientOptions: IClientOptions = {
      protocolVersion: 5,
      clientId: `frontgate-${siteCode}-access`,
      reconnectPeriod: 2000,
      connectTimeout: 5000,
      ...(username && { username }),
      ...(password && { password }),
    };
    const client = mqtt.connect(url, clientOptions);
    this.#client = client;
    client.on('message', (topic, payload, packet) => this.#onMessage(topic, payload, packet.qos === 0 ? 0 : 1, packet.properties));
    client.on('error', (error) => this.options.log('mqtt access: connection error', error.message));
    return new Promise((resolve) => {
      client.once('error', () => resolve());
      client.on('connect', () => {
        // Answers are small and each is awaited by a door: without this, Nagle's algorithm holds them back.
        (client.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
        client.subscribe(requestTopic(siteCode), { qos: 1 }, (error) => {
          if (error) this.options.log('mqtt access: subscribe failed', error.message);
          resolve();
        });
      });
    });
  }

  #onMessage(topic: string, payload: Buffer, qos: 0 | 1, properties: { responseTopic?: string; correlationData?: Buffer } | undefined) {
    this.#holdAnswers();
    const readerId = topic.split('/').at(-1) ?? '';
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      body = undefined;
    }
    const parsed = AccessRequestMessage.safeParse(body);
    const replyTo = properties?.responseTopic ?? responseTopic(this.options.siteCode, READER_ID.test(readerId) ? readerId : 'invalid');
    const correlation = properties?.correlationData ? { properties: { correlationData: properties.correlationData } } : {};
    if (!READER_ID.test(readerId) || !parsed.success) {
      const error = { error: { code: 'validation_failed', message: 'expected {"uid": "<hex>", "requestId"?: string} on …/access/request/<readerId>' } };
      this.#client?.publish(replyTo, JSON.stringify(error), { qos, ...correlation });
      return;
    }
    let decision: AccessDecision;
    try {
      decision = this.options.decide(readerId, parsed.data.uid);
    } catch (error) {
      // The decision cannot be logged (disk full, database locked, stopping): no answer but an error; the door stays shut.
      const code = (error as { code?: string }).code === 'SQLITE_FULL' ? 'storage_full' : 'internal';
      this.options.log('mqtt access: no decision', { readerId, error: (error as Error).message });
      this.#client?.publish(replyTo, JSON.stringify({ error: { code, message: 'the gateway cannot decide now; the door stays shut' } }), { qos, ...correlation });
      return;
    }
    this.#client?.publish(replyTo, JSON.stringify({ ...(parsed.data.requestId !== undefined && { requestId: parsed.data.requestId }), ...decision }), { qos, ...correlation });
  }

  /**
   * Requests come in bursts (one socket read holds many): their answers leave together in one write at the end of the
   * burst instead of one system call each. The socket is corked until the I/O callbacks of this turn are done.
   */
  #holdAnswers(): void {
    const stream = this.#client?.stream as { cork?: () => void; uncork?: () => void } | undefined;
    if (this.#corked || typeof stream?.cork !== 'function' || typeof stream.uncork !== 'function') return;
    this.#corked = true;
    stream.cork();
    setImmediate(() => {
      this.#corked = false;
      stream.uncork?.();
    });
  }

  async stop(): Promise<void> {
    await this.#client?.endAsync();
  }
}
