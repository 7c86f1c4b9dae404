/**
 * The HTTP side of upstream (docs/upstream-api.md):
 *   POST {url}/v1/events            EventBatch → EventBatchResult
 *   GET  {url}/v1/commands?after=   → CommandPage (signed by upstream when a secret is configured)
 *   POST {url}/v1/commands/ack      CommandAck
 * Every request carries `Authorization: Bearer <token>`, `X-FrontGate-Site` and, with a secret,
 * `X-FrontGate-Signature: sha256=<HMAC-SHA256 of the raw body>`.
 */
import type { OutboxRow } from '../../db/outbox.js';
import type { Clock } from '../clock.js';
import { CommandPage, EventBatchResult, type CommandResult } from '../contract/index.js';
import { batchJson } from './envelope.js';
import { SyncError, asSyncError, httpError } from './errors.js';
import { SIGNATURE_HEADER, SITE_HEADER, sign, verifySignature } from './signature.js';
import type { EventSink, PushResult } from './sink.js';

export interface HttpUpstreamOptions {
  url: string;
  token: string | null;
  secret: string | null;
  site: string;
  timeoutMs: number;
  clock: Clock;
  fetch?: typeof fetch;
}

interface Encoded {
  body: string;
  signature: string | null;
}

export class HttpUpstream implements EventSink {
  readonly transport = 'http' as const;
  readonly #base: string;
  readonly #fetch: typeof fetch;

  constructor(private readonly options: HttpUpstreamOptions) {
    this.#base = options.url.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? fetch;
  }

  /** The batch body and its signature. */
  encode(rows: readonly OutboxRow[]): Encoded {
    const body = batchJson(this.options.site, this.options.clock.now(), rows);
    return { body, signature: this.options.secret === null ? null : sign(this.options.secret, body) };
  }

  async push(rows: readonly OutboxRow[], signal: AbortSignal, encoded?: unknown): Promise<PushResult> {
    const { body, signature } = (encoded as Encoded | undefined) ?? this.encode(rows);
    const { text } = await this.#request('POST', '/v1/events', body, signal, signature);
    const result = EventBatchResult.safeParse(parseJson(text));
    if (!result.success) throw new SyncError('retryable', 'bad_response', 'upstream answered 2xx without a valid {accepted, rejected} body');
    return { accepted: result.data.accepted, rejected: result.data.rejected };
  }

  /** The commands after `cursor`. With a secret, the answer must carry a valid signature. */
  async fetchCommands(cursor: string | null, limit: number, signal: AbortSignal): Promise<{ commands: unknown[]; cursor: string | null }> {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor !== null && { after: cursor }) });
    const { text, headers } = await this.#request('GET', `/v1/commands?${query}`, null, signal);
    if (this.options.secret !== null && !verifySignature(this.options.secret, text, headers.get(SIGNATURE_HEADER))) {
      throw new SyncError('auth', 'bad_signature', 'the commands from upstream are not signed with upstreamSecret; none were applied');
    }
    const page = CommandPage.safeParse(parseJson(text));
    if (!page.success) throw new SyncError('retryable', 'bad_response', 'upstream answered the command poll without a valid {commands, cursor} body');
    return { commands: page.data.commands, cursor: page.data.cursor ?? null };
  }

  async ackCommands(results: readonly CommandResult[], signal: AbortSignal): Promise<void> {
    await this.#request('POST', '/v1/commands/ack', JSON.stringify({ site: this.options.site, results }), signal);
  }

  async #request(method: 'GET' | 'POST', path: string, body: string | null, signal: AbortSignal, signature?: string | null): Promise<{ text: string; headers: Headers }> {
    const headers: Record<string, string> = { accept: 'application/json', [SITE_HEADER]: this.options.site };
    if (this.options.token !== null) headers.authorization = `Bearer ${this.options.token}`;
    if (body !== null) {
      headers['content-type'] = 'application/json';
      const signed = signature ?? (this.options.secret === null ? null : sign(this.options.secret, body));
      if (signed !== null) headers[SIGNATURE_HEADER] = signed;
    }
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(`${this.#base}${path}`, {
        method,
        headers,
        ...(body !== null && { body }),
        redirect: 'manual',
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      text = await response.text();
    } catch (error) {
      throw asSyncError(error);
    }
    if (!response.ok) {
      throw httpError(response.status, response.headers.get('retry-after'), this.options.clock.now(), errorMessage(text)) ?? new SyncError('retryable', `http_${response.status}`, `unexpected status ${response.status}`);
    }
    return { text, headers: response.headers };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The message of an `{error: {message}}` body, or the start of a plain-text one. */
function errorMessage(text: string): string {
  const body = parseJson(text) as { error?: { message?: unknown } } | undefined;
  if (typeof body?.error?.message === 'string') return body.error.message;
  return text.slice(0, 200);
}
