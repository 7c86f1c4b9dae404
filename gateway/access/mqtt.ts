/**
 * Access decisions over MQTT for door controllers that speak it. A controller publishes
 *   frontgate/<site>/access/request/<readerId>   {"uid": "62E3086CED", "requestId": "…"}
 * and the gateway answers on
 *   frontgate/<site>/access/response/<readerId>  {"requestId": "…", "granted": true, "reason": "granted", …}
 * (or on the MQTT 5 response topic, echoing the correlation data, when the request carries one).
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
    client.on('message', (topic, payload, packet) => this.#onMessage(topic, payload, packet.properties));
    client.on('error', (error) => this.options.log('mqtt access: connection error', error.message));
    return new Promise((resolve) => {
      client.once('error', () => resolve());
      client.on('connect', () => {
        client.subscribe(requestTopic(siteCode), { qos: 1 }, (error) => {
          if (error) this.options.log('mqtt access: subscribe failed', error.message);
          resolve();
        });
      });
    });
  }

  #onMessage(topic: string, payload: Buffer, properties: { responseTopic?: string; correlationData?: Buffer } | undefined) {
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
      this.#client?.publish(replyTo, JSON.stringify(error), { qos: 1, ...correlation });
      return;
    }
    const decision = this.options.decide(readerId, parsed.data.uid);
    this.#client?.publish(replyTo, JSON.stringify({ ...(parsed.data.requestId !== undefined && { requestId: parsed.data.requestId }), ...decision }), { qos: 1, ...correlation });
  }

  async stop(): Promise<void> {
    await this.#client?.endAsync();
  }
}
