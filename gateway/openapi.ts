/**
 * GET /api/openapi.json, built on its first request and kept. @fastify/swagger (with the YAML library it loads) and
 * the JSON Schema conversion of every endpoint are not needed to serve the API, so they stay off the start path:
 * a throwaway Fastify instance declares the same routes with the same schemas (routeSchema), generates the document
 * and is closed.
 */
import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { endpoints, type EndpointName } from './contract/index.js';
import { SESSION_COOKIE, routeSchema, zodSchemaController } from './server.js';
import { VERSION } from './version.js';

let document: Promise<unknown> | undefined;

export function openApiDocument(): Promise<unknown> {
  document ??= generate().catch((error: unknown) => {
    document = undefined;
    throw error;
  });
  return document;
}

async function generate(): Promise<unknown> {
  const app = Fastify({ schemaController: zodSchemaController });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'FrontGate gateway API', version: VERSION, description: 'HTTP API of the FrontGate building gateway. Staff sign in with a session cookie; paired stations send `Authorization: Bearer <station token>`.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          station: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  for (const name of Object.keys(endpoints) as EndpointName[]) {
    const { method, path } = endpoints[name];
    app.route({ method, url: path, schema: routeSchema(name), handler: () => null });
  }
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}
