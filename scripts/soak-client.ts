/**
 * The soak run's HTTP and WebSocket client: every call is counted by kind with its latency, and every unexpected
 * answer (non-2xx, network failure, a wrong door decision, a stream that closes) is an error with a short description.
 */
import WebSocket from 'ws';
import { WS_PROTOCOL, WS_TOKEN_PROTOCOL_PREFIX } from '../gateway/contract/index.js';

export interface Credentials {
  cookie?: string;
  token?: string;
}

export interface KindFigures {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

const MAX_KEPT_ERRORS = 20;

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export class SoakClient {
  readonly #latencies = new Map<string, number[]>();
  readonly #errors: string[] = [];
  #errorCount = 0;
  /** WebSocket events received, by event type. */
  readonly wsEvents = new Map<string, number>();

  constructor(readonly base: string) {}

  /** A JSON call; resolves with the body of a 2xx answer, or undefined after recording the error. */
  async call<T>(kind: string, method: string, path: string, options: Credentials & { body?: unknown } = {}): Promise<T | undefined> {
    const answer = await this.#send(kind, method, path, options);
    return answer?.body as T | undefined;
  }

  /** Signs in (at a paired station when a token is given) and returns the session cookie. */
  async login(username: string, password: string, token?: string): Promise<string | undefined> {
    const answer = await this.#send('login', 'POST', '/api/auth/login', { body: { username, password }, ...(token && { token }) });
    const cookie = answer?.setCookie?.split(';')[0];
    if (answer && !cookie) this.fail(`login ${username}: no session cookie`);
    return cookie;
  }

  async #send(kind: string, method: string, path: string, options: Credentials & { body?: unknown }): Promise<{ body: unknown; setCookie: string | null } | undefined> {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    try {
      const response = await fetch(`${this.base}${path}`, { method, headers, ...(options.body !== undefined && { body: JSON.stringify(options.body) }) });
      const text = await response.text();
      this.#record(kind, performance.now() - started);
      if (!response.ok) {
        this.fail(`${kind}: ${method} ${path} → ${response.status} ${text.slice(0, 200)}`);
        return undefined;
      }
      return { body: text ? JSON.parse(text) : undefined, setCookie: response.headers.get('set-cookie') };
    } catch (error) {
      this.#record(kind, performance.now() - started);
      this.fail(`${kind}: ${method} ${path} failed: ${(error as Error).message}`);
      return undefined;
    }
  }

  #record(kind: string, ms: number) {
    let list = this.#latencies.get(kind);
    if (!list) this.#latencies.set(kind, (list = []));
    list.push(ms);
  }

  fail(message: string): void {
    this.#errorCount++;
    if (this.#errors.length < MAX_KEPT_ERRORS) this.#errors.push(message);
  }

  get errorCount(): number {
    return this.#errorCount;
  }

  get errors(): readonly string[] {
    return this.#errors;
  }

  count(kind: string): number {
    return this.#latencies.get(kind)?.length ?? 0;
  }

  figures(): Record<string, KindFigures> {
    const out: Record<string, KindFigures> = {};
    for (const [kind, list] of [...this.#latencies].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...list].sort((a, b) => a - b);
      out[kind] = { count: list.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)) };
    }
    return out;
  }

  /**
   * A station's live event stream, as its screen keeps it open: events are counted by type; a stream that fails or
   * closes before `close()` is an error. Resolves once the gateway's hello has arrived.
   */
  async subscribe(name: string, credentials: Credentials): Promise<{ close(): void }> {
    const url = `${this.base.replace(/^http/, 'ws')}/api/events`;
    const protocols = [WS_PROTOCOL, ...(credentials.token ? [`${WS_TOKEN_PROTOCOL_PREFIX}${credentials.token}`] : [])];
    const socket = new WebSocket(url, protocols, { headers: credentials.cookie ? { cookie: credentials.cookie } : {} });
    let closing = false;
    socket.on('error', (error) => this.fail(`events ${name}: ${error.message}`));
    socket.on('close', (code) => {
      if (!closing) this.fail(`events ${name}: the stream closed (${code})`);
    });
    const hello = new Promise<void>((resolve) => {
      socket.on('message', (data) => {
        const type = (JSON.parse(String(data)) as { type: string }).type;
        this.wsEvents.set(type, (this.wsEvents.get(type) ?? 0) + 1);
        if (type === 'hello') resolve();
      });
      socket.once('close', () => resolve());
    });
    await hello;
    return {
      close() {
        closing = true;
        socket.close();
      },
    };
  }
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
