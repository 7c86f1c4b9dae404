/** What the Sync screen, /api/health and the status light show, from the queue and the loops' own state. */
import type { QueueStats } from '../../db/outbox.js';
import { iso } from '../clock.js';
import type { SyncHealth, SyncState, SyncStatus } from '../contract/index.js';
import type { PollerSnapshot } from './command-poller.js';
import type { PusherSnapshot, SyncProblem } from './pusher.js';

export interface StatusInput {
  now: number;
  transport: 'http' | 'mqtt' | null;
  upstream: string | null;
  queue: QueueStats;
  pusher: PusherSnapshot | null;
  poller: PollerSnapshot | null;
  /** null when MQTT is not used. */
  mqttConnected: boolean | null;
  commands: { applied: number; rejected: number; unacked: number; lastReceivedAt: number | null };
  batchSize: number;
  retentionDays: number;
}

const problemView = (p: SyncProblem | null) => (p === null ? null : { at: iso(p.at), kind: p.kind, code: p.code, message: p.message });

/** A poller whose last error is newer than its last good poll is failing right now. */
const failing = (p: PollerSnapshot | null) => p !== null && p.lastError !== null && (p.lastPollAt === null || p.lastError.at > p.lastPollAt);

export function syncState(input: Pick<StatusInput, 'transport' | 'pusher' | 'poller' | 'mqttConnected'>): SyncState {
  const { transport, pusher, poller, mqttConnected } = input;
  if (transport === null) return 'not_configured';
  if (pusher?.state === 'error' || poller?.stopped) return 'error';
  if (pusher?.state === 'offline' || failing(poller) || mqttConnected === false) return 'offline';
  if (pusher?.state === 'pushing') return 'pushing';
  return 'idle';
}

export function buildStatus(input: StatusInput): SyncStatus {
  const { pusher, poller, queue, now } = input;
  const latest = [pusher?.lastError ?? null, poller?.lastError ?? null].filter((p): p is SyncProblem => p !== null).sort((a, b) => b.at - a.at)[0] ?? null;
  return {
    state: syncState(input),
    transport: input.transport,
    upstream: input.upstream,
    queueDepth: queue.pending,
    held: queue.held,
    deadLetters: queue.dead,
    oldestPendingAt: iso(queue.oldestPendingAt),
    oldestPendingAgeSeconds: queue.oldestPendingAt === null ? null : Math.max(0, Math.floor((now - queue.oldestPendingAt) / 1000)),
    lastSuccessAt: iso(pusher?.lastSuccessAt ?? null),
    lastAttemptAt: iso(pusher?.lastAttemptAt ?? null),
    nextAttemptAt: iso(pusher?.nextAttemptAt ?? null),
    lastError: problemView(latest),
    sentSinceStart: pusher?.sentSinceStart ?? 0,
    batchSize: input.batchSize,
    retentionDays: input.retentionDays,
    commands: {
      http: poller !== null,
      mqtt: input.mqttConnected !== null,
      applied: input.commands.applied,
      rejected: input.commands.rejected,
      unacked: input.commands.unacked,
      lastReceivedAt: iso(input.commands.lastReceivedAt),
      lastPollAt: iso(poller?.lastPollAt ?? null),
      lastError: problemView(poller?.lastError ?? null),
    },
  };
}

export function healthOf(status: SyncStatus): SyncHealth {
  return {
    state: status.state,
    queueDepth: status.queueDepth,
    oldestPendingAt: status.oldestPendingAt,
    oldestPendingAgeSeconds: status.oldestPendingAgeSeconds,
    lastSuccessAt: status.lastSuccessAt,
    lastErrorAt: status.lastError?.at ?? null,
    lastErrorKind: status.lastError?.kind ?? null,
    deadLetters: status.deadLetters,
  };
}

/** An upstream address for display: no user name, password or query. */
export function displayUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return null;
  }
}
