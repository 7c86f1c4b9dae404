/**
 * The door controllers' lane: `POST /api/access/decide` with a controller token (`Bearer fgc_…`), answered straight
 * from node:http ahead of Fastify. A door waits for every answer, and a busy building's controllers ask thousands of
 * times a minute: Fastify's routing, hooks, content-type parsing and zod response check cost more than the decision
 * itself (docs/performance.md, "Access over HTTP").
 *
 * The lane answers exactly as the Fastify route would (the route stays registered: the OpenAPI document describes it,
 * and callers without a controller token reach it and are refused there):
 * - the token is checked before the body is read: an unknown or revoked one gets 401 `unauthorized`;
 * - JSON only (415 `unsupported_media_type`), at most DECIDE_BODY_LIMIT bytes (413 `payload_too_large`), parsed and
 *   checked against the contract's DecideRequest (400 `validation_failed` with the field issues);
 * - a decision that cannot be logged (disk full, database locked) is an error, never a grant: 507 `storage_full` or
 *   500 `internal` (db/access-log.ts fails secure);
 * - the same security headers as every response, `Cache-Control: no-store`;
 * - while the gateway stops, requests go to Fastify, which answers 503.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DecideRequest, type AccessDecision, type ApiErrorBody, type ErrorCode } from '../contract/index.js';
import { ApiError } from '../errors.js';
import { SECURITY_HEADERS } from '../security-headers.js';

export const DECIDE_PATH = '/api/access/decide';
/** A decide request is two short strings; a door controller never sends more than this. */
export const DECIDE_BODY_LIMIT = 4096;

export interface AccessLaneDeps {
  /** The controller a token belongs to, or undefined: unknown or revoked. */
  controller(token: string): { id: number; name: string } | undefined;
  decide(readerId: string, uid: string): AccessDecision;
  /** True once the gateway is stopping: Fastify answers (503). */
  closing(): boolean;
  log(message: string, detail: unknown): void;
}

const JSON_HEADERS = { ...SECURITY_HEADERS, 'Cache-Control': 'no-store', 'Content-Type': 'application/json; charset=utf-8' };

/** The token of `Authorization: Bearer fgc_…` (as server.ts `bearer` reads it), else undefined. */
function controllerToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return undefined;
  const token = header.slice(7).trim();
  return token.startsWith('fgc_') ? token : undefined;
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase() === 'application/json';
}

/**
 * The headers of a decision kept open: one object for every answer, its length set each time (writeHead turns the
 * object into the response's header block at once and keeps no reference to it).
 */
const KEEP_ALIVE_HEADERS: Record<string, string | number> = { ...JSON_HEADERS, 'Content-Length': 0 };

function send(response: ServerResponse, status: number, body: string, close = false): void {
  if (close) {
    response.writeHead(status, { ...JSON_HEADERS, Connection: 'close', 'Content-Length': Buffer.byteLength(body) });
  } else {
    KEEP_ALIVE_HEADERS['Content-Length'] = Buffer.byteLength(body);
    response.writeHead(status, KEEP_ALIVE_HEADERS);
  }
  response.end(body);
}

function sendError(response: ServerResponse, status: number, code: ErrorCode, message: string, extra: Partial<ApiErrorBody['error']> = {}, close = false): void {
  send(response, status, JSON.stringify({ error: { code, message, ...extra } }), close);
}

/**
 * Returns the server's first request handler: true when it took the request (a controller's decide), false when
 * Fastify should have it.
 */
export function accessLane(deps: AccessLaneDeps): (request: IncomingMessage, response: ServerResponse) => boolean {
  const answer = (response: ServerResponse, raw: string) => {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(response, 400, 'validation_failed', 'the body is not valid JSON');
    }
    const parsed = DecideRequest.safeParse(body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), code: issue.code, message: issue.message }));
      return sendError(response, 400, 'validation_failed', 'invalid body', { fields });
    }
    let decision: AccessDecision;
    try {
      decision = deps.decide(parsed.data.readerId, parsed.data.uid);
    } catch (error) {
      if (error instanceof ApiError) return sendError(response, error.status, error.code, error.message);
      if ((error as { code?: string }).code === 'SQLITE_FULL') {
        deps.log('disk full: the access decision could not be logged; the door stays shut', { readerId: parsed.data.readerId });
        return sendError(response, 507, 'storage_full', 'the gateway disk is full; the change was not saved');
      }
      deps.log('access decision failed', { readerId: parsed.data.readerId, error: (error as Error).message });
      return sendError(response, 500, 'internal', 'internal error');
    }
    send(response, 200, JSON.stringify(decision), deps.closing());
  };

  return (request, response) => {
    if (request.method !== 'POST' || request.url !== DECIDE_PATH || deps.closing()) return false;
    const token = controllerToken(request);
    if (token === undefined) return false;
    if (!deps.controller(token)) {
      sendError(response, 401, 'unauthorized', 'controller token is not valid (revoked?)', {}, true);
      request.resume();
      return true;
    }
    if (!isJson(request.headers['content-type'])) {
      sendError(response, 415, 'unsupported_media_type', 'send JSON (application/json)', {}, true);
      request.resume();
      return true;
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > DECIDE_BODY_LIMIT) {
      sendError(response, 413, 'payload_too_large', 'the request body is too large', {}, true);
      request.resume();
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > DECIDE_BODY_LIMIT) {
        refused = true;
        sendError(response, 413, 'payload_too_large', 'the request body is too large', {}, true);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (refused) return;
      if (size === 0) return sendError(response, 400, 'validation_failed', 'the request body is empty');
      answer(response, chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    // A controller that hangs up mid-request: nothing was decided, nothing to answer.
    request.on('error', () => undefined);
    return true;
  };
}
