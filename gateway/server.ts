import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, type RawServerDefault } from 'fastify';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { accessLane, type AccessLaneDeps } from './access/http-lane.js';
import type { AuthService } from './auth/auth-service.js';
import type { Config } from './config.js';
import { WS_TOKEN_PROTOCOL_PREFIX, type ApiErrorBody, endpoints, type Endpoint, type EndpointName, type ErrorCode } from './contract/index.js';
import { actorOf, type Auth, type Ctx, type Services } from './context.js';
import { ApiError, forbidden, unauthorized } from './errors.js';
import type { Handlers } from './routes/handlers.js';
import { registerEventStream } from './ws.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { MAX_JSON_DEPTH, jsonNestsDeeperThan } from './json-depth.js';

export const SESSION_COOKIE = 'fg_session';

/** The Fastify instance with zod schemas as its type provider. */
export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth;
  }
}

export interface ServerDeps extends Services {
  config: Pick<Config, 'rendererDir' | 'sessionIdleMinutes' | 'authRateLimitPerMinute' | 'kioskRateLimitPerMinute'>;
  logger: Logger;
  authService: AuthService;
  handlers: Handlers;
  /** HTTPS certificate and key (gateway/tls.ts); null or absent: plain HTTP. */
  tls?: { key: Buffer; cert: Buffer } | null;
  /** Door decisions for the controllers' lane (gateway/access/http-lane.ts); absent: the Fastify route serves them. */
  decide?: AccessLaneDeps['decide'];
}

export function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  const protocols = request.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    const token = protocols.split(',').map((p) => p.trim()).find((p) => p.startsWith(WS_TOKEN_PROTOCOL_PREFIX));
    if (token) return token.slice(WS_TOKEN_PROTOCOL_PREFIX.length);
  }
  return undefined;
}

/** Decides access before the body is even parsed, so a refused caller learns nothing about validation. */
export function checkAccess(endpoint: Pick<Endpoint, 'access'>, auth: Auth): ApiError | null {
  const access = endpoint.access;
  if (access === 'public') return null;
  if (access === 'station') return auth.kind === 'station' || auth.station ? null : unauthorized();
  if (access === 'controller') return auth.kind === 'controller' ? null : unauthorized();
  if (auth.kind !== 'user') return unauthorized();
  if (access === 'session') return null;
  return auth.permissions.includes(access.permission) ? null : forbidden();
}

function sendError(reply: FastifyReply, status: number, code: ErrorCode, message: string, extra: Partial<ApiErrorBody['error']> = {}) {
  return reply.status(status).type('application/json').send(JSON.stringify({ error: { code, message, ...extra } }));
}

/**
 * Every schema is zod: without these factories Fastify would load its default compilers (Ajv and
 * fast-json-stringify, ≈ 120 modules) at start for nothing.
 */
export const zodSchemaController = {
  compilersFactory: { buildValidator: () => validatorCompiler, buildSerializer: () => serializerCompiler },
  // Fastify types the factories as Ajv's and fast-json-stringify's; at run time any compiler of route schemas will do.
} as unknown as FastifyServerOptions['schemaController'];

/**
 * The HTTP(S) server, made here rather than by Fastify: the door controllers' decisions take the lane ahead of it
 * (gateway/access/http-lane.ts). Timeouts as Fastify sets them on servers it makes.
 */
function serverFactory(deps: ServerDeps, closing: () => boolean) {
  return (fastify: (request: IncomingMessage, response: ServerResponse) => void): Server => {
    const decide = deps.decide;
    const lane = decide && accessLane({ controller: (token) => deps.authService.controllerFor(token), decide, closing, log: (message, detail) => deps.logger.error({ detail }, message) });
    const handler = lane ? (request: IncomingMessage, response: ServerResponse) => lane(request, response) || fastify(request, response) : fastify;
    const server: Server = deps.tls ? createHttpsServer({ key: deps.tls.key, cert: deps.tls.cert, minVersion: 'TLSv1.2' }, handler) : createHttpServer(handler);
    server.keepAliveTimeout = 72_000;
    server.requestTimeout = 0;
    server.setTimeout(0);
    return server;
  };
}

export async function buildServer(deps: ServerDeps): Promise<App> {
  // While shutting down, responses to requests already in flight close their keep-alive connection,
  // so close() is not left waiting for an idle client socket.
  let closing = false;
  const app = Fastify({
    serverFactory: serverFactory(deps, () => closing),
    loggerInstance: deps.logger as FastifyBaseLogger,
    schemaController: zodSchemaController,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // Refusals made by the router itself (a bad %-escape, a path parameter past 100 characters) in the translated
    // error shape, instead of Fastify's own body that echoes the path.
    frameworkErrors: (error, _request, reply) =>
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? sendError(reply, 414, 'validation_failed', 'a path parameter is too long')
        : error.code === 'FST_ERR_BAD_URL'
          ? sendError(reply, 400, 'validation_failed', 'the URL is not valid')
          : sendError(reply, 500, 'internal', 'internal error'),
    // An https.Server serves requests exactly as the http.Server the App type names.
    ...(deps.tls && { https: { key: deps.tls.key, cert: deps.tls.cert, minVersion: 'TLSv1.2' as const } }),
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  // JSON only: a text/plain body is refused with 415 instead of reaching validation as a string.
  app.removeContentTypeParser('text/plain');
  // Fastify's JSON parser (prototype poisoning refused), behind a nesting-depth check.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonNestsDeeperThan(body as string, MAX_JSON_DEPTH)) return done(new ApiError(400, 'validation_failed', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    parseJson(request, body as string, done);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: 64 * 1024,
      handleProtocols: (protocols: Set<string>) => (protocols.has('frontgate.v1') ? 'frontgate.v1' : false),
    },
  });

  app.decorateRequest('auth', null as never);
  app.addHook('onRequest', async (request, reply) => {
    const resolved = deps.authService.resolve(request.cookies[SESSION_COOKIE], bearer(request));
    if (resolved instanceof ApiError) {
      if (resolved.code === 'session_expired') reply.clearCookie(SESSION_COOKIE, { path: '/' });
      request.auth = { kind: 'anonymous', station: null };
      if (request.url.startsWith('/api/') && !isPublicPath(request)) return sendError(reply, resolved.status, resolved.code, resolved.message);
      return;
    }
    request.auth = resolved;
  });
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('Connection', 'close');
    reply.headers(SECURITY_HEADERS);
    if (_request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      return sendError(reply, error.status, error.code, error.message, { ...(error.fields && { fields: error.fields }), ...(error.params && { params: error.params }) });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((v) => ({
        path: v.instancePath.split('/').filter(Boolean).map((p: string) => (/^\d+$/.test(p) ? Number(p) : p)),
        code: v.keyword,
        message: v.message ?? v.keyword,
      }));
      return sendError(reply, 400, 'validation_failed', `invalid ${error.validationContext ?? 'request'}`, { fields });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ issues: error.cause.issues }, 'response does not match the contract');
      return sendError(reply, 500, 'internal', 'internal error');
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const code = (error as { code?: string }).code;
    if (status === 413 || code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, 413, 'payload_too_large', 'the request body is too large');
    if (status === 415 || code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, 415, 'unsupported_media_type', 'send JSON (application/json)');
    if (status === 429) return sendError(reply, 429, 'rate_limited', 'too many attempts; wait a minute');
    if (status === 404) return sendError(reply, 404, 'not_found', error.message);
    if (status >= 400 && status < 500) return sendError(reply, status, 'validation_failed', error.message);
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return sendError(reply, 409, 'conflict', 'this conflicts with existing data');
    if (code === 'SQLITE_FULL') {
      // The transaction was rolled back whole; writes work again once there is space (docs/operations.md, disk full).
      request.log.error({ err: error }, 'disk full: the change was not saved');
      return sendError(reply, 507, 'storage_full', 'the gateway disk is full; the change was not saved');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 500, 'internal', 'internal error');
  });

  for (const name of Object.keys(endpoints) as EndpointName[]) registerEndpoint(app, deps, name);
  // Built on the first request (gateway/openapi.ts): its generator is not loaded at start.
  app.get('/api/openapi.json', async () => (await import('./openapi.js')).openApiDocument());
  registerEventStream(app, deps);

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') return sendError(reply, 404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`);
    if (!existsSync(join(deps.config.rendererDir, 'index.html'))) {
      return reply.status(503).type('text/plain; charset=utf-8').send('The kiosk UI is not built yet: run `npm run build:renderer` (npm run quickstart does it for you).');
    }
    return reply.type('text/html; charset=utf-8').sendFile('index.html', deps.config.rendererDir, { cacheControl: false });
  });
  if (existsSync(deps.config.rendererDir)) {
    await app.register(fastifyStatic, { root: deps.config.rendererDir, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  return app;
}

const publicPaths = new Set(Object.values(endpoints as Record<string, Endpoint>).filter((e) => e.access === 'public').map((e) => `${e.method} ${e.path}`));
function isPublicPath(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return publicPaths.has(`${request.method} ${path}`) || path === '/api/openapi.json';
}

/** The route schema of an endpoint: validation and serialization here, the OpenAPI operation in gateway/openapi.ts. */
export function routeSchema(name: EndpointName) {
  const endpoint: Endpoint = endpoints[name];
  return {
    operationId: name,
    summary: endpoint.summary,
    ...(endpoint.params && { params: endpoint.params }),
    ...(endpoint.query && { querystring: endpoint.query }),
    ...(endpoint.body !== undefined && { body: endpoint.body }),
    response: { [endpoint.status ?? 200]: endpoint.response },
    ...(endpoint.access !== 'public' && { security: endpoint.access === 'station' || endpoint.access === 'controller' ? [{ station: [] }] : [{ session: [] }] }),
  };
}

function registerEndpoint(app: App, deps: ServerDeps, name: EndpointName) {
  const endpoint: Endpoint = endpoints[name];
  const handler = deps.handlers[name] as unknown as (input: HandlerInput) => unknown;
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    ...(endpoint.bodyLimit !== undefined && { bodyLimit: endpoint.bodyLimit }),
    ...(endpoint.rateLimited && {
      config: { rateLimit: { max: endpoint.rateLimited === 'kiosk' ? deps.config.kioskRateLimitPerMinute : deps.config.authRateLimitPerMinute, timeWindow: 60_000 } },
    }),
    schema: routeSchema(name),
    onRequest: async (request, reply) => {
      const refused = checkAccess(endpoint, request.auth);
      if (refused) return sendError(reply, refused.status, refused.code, refused.message);
    },
    handler: async (request, reply) => {
      const ctx: Ctx = { db: deps.db, clock: deps.clock, bus: deps.bus, auth: request.auth, actor: actorOf(request.auth) };
      const result = await handler({ ctx, params: request.params, query: request.query, body: request.body, request, reply });
      reply.status(endpoint.status ?? 200);
      return result;
    },
  });
}

export interface HandlerInput {
  ctx: Ctx;
  params: unknown;
  query: unknown;
  body: unknown;
  request: FastifyRequest;
  reply: FastifyReply;
}
