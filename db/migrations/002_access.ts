/** Access decisions: the decision log, anti-passback presence, and IP door controllers with their tokens. */
export const up = /* sql */ `
-- deletePerson checks visits by visitor or host: both need an index.
CREATE INDEX visits_visitor ON visits(visitor_id);

CREATE TABLE access_controllers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;

CREATE TABLE access_events (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  reader_id TEXT NOT NULL,
  zone_id INTEGER,
  direction TEXT,
  uid TEXT NOT NULL,
  card_id INTEGER REFERENCES cards(id) ON DELETE SET NULL,
  granted INTEGER NOT NULL CHECK (granted IN (0,1)),
  reason TEXT NOT NULL
) STRICT;
CREATE INDEX access_events_at ON access_events(at);
CREATE INDEX access_events_card ON access_events(card_id, at);

-- Last passage of a card through an anti-passback zone: inside (1) after an 'in' reader, outside (0) after 'out'.
CREATE TABLE access_presence (
  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  zone_id INTEGER NOT NULL REFERENCES access_zones(id) ON DELETE CASCADE,
  inside INTEGER NOT NULL CHECK (inside IN (0,1)),
  at INTEGER NOT NULL,
  PRIMARY KEY (card_id, zone_id)
) STRICT, WITHOUT ROWID;
`;
