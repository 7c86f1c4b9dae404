/** Where the pusher sends events: HTTP batches (http-upstream.ts) or MQTT messages (mqtt-upstream.ts). */
import type { OutboxRow, Rejection } from '../../db/outbox.js';
import type { SyncError } from './errors.js';

export interface PushResult {
  /** Acknowledged by upstream: these, and only these, are marked sent. */
  accepted: string[];
  /** Refused by upstream, each with a reason: dead letters. */
  rejected: Rejection[];
  /** Why the events in neither list were not acknowledged (a timeout, a lost connection); they are retried. */
  error?: SyncError;
}

export interface EventSink {
  readonly transport: 'http' | 'mqtt';
  /** Builds the wire form of rows ahead of time, so the next batch is ready while upstream works on this one. */
  encode?(rows: readonly OutboxRow[]): unknown;
  /** Sends events in order (`encoded`: what encode() made of these rows). Throws a SyncError when the whole call failed. */
  push(rows: readonly OutboxRow[], signal: AbortSignal, encoded?: unknown): Promise<PushResult>;
}
