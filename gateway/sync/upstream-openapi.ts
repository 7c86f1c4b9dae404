/**
 * The OpenAPI 3.1 document of the upstream side — what a central office implements — generated from the same zod
 * schemas the gateway and the development receiver use. Served at GET /api/sync/upstream-openapi.json and kept in
 * docs/upstream-openapi.json (`npx frontgate upstream-openapi`; a test checks the two agree).
 */
import { z } from 'zod';
import { CommandAck, CommandPage, EventBatch, EventBatchResult, SyncCommand, UpstreamErrorBody } from '../contract/index.js';
import { OUTBOX_EVENT_PAYLOADS, OUTBOX_EVENT_TYPES } from '../contract/outbox-events.js';

const schema = (s: z.ZodType) => {
  const { $schema: _, ...json } = z.toJSONSchema(s, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const error = (description: string) => ({ description, content: json('UpstreamError') });

const SIGNED = {
  'X-FrontGate-Signature': {
    description: '`sha256=` and the lower-case hex HMAC-SHA256 of the raw body with the shared secret (`upstreamSecret`). Upstream must check it when a secret is configured.',
    schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
  },
};

export function upstreamOpenApi(version: string) {
  const siteHeader = { name: 'X-FrontGate-Site', in: 'header', required: true, description: 'Site code of the sending building', schema: { type: 'string' } };
  const signatureHeader = { name: 'X-FrontGate-Signature', in: 'header', required: false, description: SIGNED['X-FrontGate-Signature'].description, schema: SIGNED['X-FrontGate-Signature'].schema };
  return {
    openapi: '3.1.0',
    info: {
      title: 'FrontGate upstream API (implemented by the central office)',
      version,
      description:
        'What a FrontGate building gateway expects from its central office. Events go up in batches (POST /v1/events), ' +
        'commands come down (GET /v1/commands) and are acknowledged (POST /v1/commands/ack). The same messages travel over MQTT ' +
        '(frontgate/<site>/events/<type>, frontgate/<site>/commands, frontgate/<site>/commands/ack). See docs/upstream-api.md for ' +
        'ordering, idempotency and error semantics.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The gateway sends upstreamToken' } },
      schemas: {
        EventBatch: schema(EventBatch),
        EventBatchResult: schema(EventBatchResult),
        CommandPage: schema(CommandPage.extend({ commands: z.array(SyncCommand) })),
        Command: schema(SyncCommand),
        CommandAck: schema(CommandAck),
        UpstreamError: schema(UpstreamErrorBody),
        TypedEvent: {
          description:
            "The payload of each event type (an event of EventBatch, by its `type`). Receivers ignore fields they do not know; an incompatible change bumps the envelope's schemaVersion. See docs/upstream-api.md, \"Event types\".",
          oneOf: OUTBOX_EVENT_TYPES.map((type) => ({
            type: 'object',
            required: ['type', 'payload'],
            properties: { type: { const: type }, payload: ref(`Payload.${type}`) },
          })),
        },
        ...Object.fromEntries(OUTBOX_EVENT_TYPES.map((type) => [`Payload.${type}`, schema(OUTBOX_EVENT_PAYLOADS[type])])),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/v1/events': {
        post: {
          operationId: 'receiveEvents',
          summary: 'Store a batch of events, idempotently by event id; answer which were accepted and which refused',
          parameters: [siteHeader, signatureHeader],
          requestBody: { required: true, content: json('EventBatch') },
          responses: {
            '200': { description: 'Accepted ids are stored (or already were). Refused ids become dead letters at the gateway. Ids in neither list are sent again later.', content: json('EventBatchResult') },
            '400': error('The whole batch is refused (the gateway narrows it down to the event that causes it)'),
            '401': error('Wrong token or signature: the gateway stops pushing until an administrator acts'),
            '403': error('This gateway may not send: the gateway stops pushing until an administrator acts'),
            '422': error('The whole batch is refused (as 400)'),
            '429': {
              description: 'Too many requests: the gateway waits as long as Retry-After says',
              headers: { 'Retry-After': { description: 'Seconds, or an HTTP date', schema: { type: 'string' } } },
              content: json('UpstreamError'),
            },
            '503': error('Temporarily unavailable: retried with backoff (Retry-After honoured). Any other 5xx is retried the same way.'),
          },
        },
      },
      '/v1/commands': {
        get: {
          operationId: 'listCommands',
          summary: 'Commands for this building after the cursor, oldest first',
          parameters: [
            siteHeader,
            { name: 'after', in: 'query', required: false, description: 'The cursor of the previous answer (absent on the first poll)', schema: { type: 'string' } },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          ],
          responses: {
            '200': { description: 'Commands and the next cursor. Must be signed (X-FrontGate-Signature of the body) when a secret is configured.', headers: SIGNED, content: json('CommandPage') },
            '401': error('Wrong token'),
          },
        },
      },
      '/v1/commands/ack': {
        post: {
          operationId: 'acknowledgeCommands',
          summary: 'Outcomes of applied commands; sent again for a command delivered again',
          parameters: [siteHeader, signatureHeader],
          requestBody: { required: true, content: json('CommandAck') },
          responses: { '200': { description: 'Recorded' }, '401': error('Wrong token or signature') },
        },
      },
    },
  };
}
