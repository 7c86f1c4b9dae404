/**
 * Upstream sync: the outbox learns dead letters (rejected by upstream, with the reason), discarded dead letters,
 * the time of the last attempt, and indexes for the pusher; applied upstream commands get their own table.
 *
 * SQLite cannot change a CHECK constraint in place, so the outbox is rebuilt (create, copy, drop, rename);
 * nothing references it. Events keep their ids, statuses, attempts and times.
 */
export const up = /* sql */ `
CREATE TABLE outbox_v4 (
  id TEXT PRIMARY KEY,
  site_code TEXT NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  occurred_at INTEGER NOT NULL,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  -- pending: not yet acknowledged upstream; sent: acknowledged (sent_at); dead: rejected by upstream (rejected_at,
  -- reject_code, last_error = the reason); discarded: a dead letter an admin chose not to re-send.
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','dead','discarded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  last_error TEXT,
  sent_at INTEGER,
  rejected_at INTEGER,
  reject_code TEXT,
  CHECK (status <> 'sent' OR sent_at IS NOT NULL),
  CHECK (status NOT IN ('dead','discarded') OR rejected_at IS NOT NULL)
) STRICT, WITHOUT ROWID;

INSERT INTO outbox_v4 (id, site_code, type, schema_version, occurred_at, aggregate_type, aggregate_id, payload, status, attempts, last_error, sent_at, rejected_at, reject_code)
SELECT id, site_code, type, schema_version, occurred_at, aggregate_type, aggregate_id, payload, status, attempts, last_error,
       CASE WHEN status = 'sent' THEN coalesce(sent_at, occurred_at) ELSE sent_at END,
       CASE WHEN status = 'dead' THEN occurred_at END,
       CASE WHEN status = 'dead' THEN 'unknown' END
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;

-- The pusher walks pending events in id order; status counts and the oldest pending event use the same index.
CREATE INDEX outbox_pending ON outbox(id) WHERE status = 'pending';
-- "Is an earlier event of this aggregate dead?" — the per-aggregate hold rule.
CREATE INDEX outbox_dead_aggregate ON outbox(aggregate_type, aggregate_id, id) WHERE status = 'dead';
-- Retention: sent (and discarded) events older than the setting are pruned.
CREATE INDEX outbox_sent_at ON outbox(sent_at) WHERE status = 'sent';
CREATE INDEX outbox_discarded_at ON outbox(rejected_at) WHERE status = 'discarded';

-- Commands from upstream (card revocations, watchlist entries, pre-registrations): one row per command id, written
-- in the transaction of its effect, so a redelivered command is recognised and never applied twice.
CREATE TABLE sync_commands (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('http','mqtt')),
  received_at INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied','rejected')),
  code TEXT,
  message TEXT,
  -- How often upstream delivered it; an acknowledgement counts only for the delivery it answered.
  deliveries INTEGER NOT NULL DEFAULT 1,
  acked_at INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX sync_commands_unacked ON sync_commands(received_at) WHERE acked_at IS NULL;
`;
