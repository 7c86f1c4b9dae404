/** The first schema: directory, staff and stations, devices, cards and access, visits, audit, outbox, settings. */
export const up = /* sql */ `
CREATE TABLE site (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  timezone TEXT NOT NULL,
  default_locale TEXT NOT NULL CHECK (default_locale IN ('vi','zh','en')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value)),
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('apartment','office','shop')),
  building TEXT,
  floor INTEGER NOT NULL,
  area_m2 REAL,
  free_card_quota INTEGER NOT NULL DEFAULT 2 CHECK (free_card_quota >= 0),
  note TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX units_floor ON units(floor);

CREATE TABLE companies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  tax_code TEXT,
  unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
  phone TEXT,
  email TEXT,
  note TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX companies_name ON companies(name_folded);

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('resident','tenant','staff','visitor','contractor')),
  full_name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  company_id INTEGER REFERENCES companies(id) ON DELETE RESTRICT,
  department TEXT,
  note TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX people_kind ON people(kind);
CREATE INDEX people_company ON people(company_id);
CREATE INDEX people_name_folded ON people(name_folded);

CREATE TABLE unit_people (
  unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE RESTRICT,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  relation TEXT NOT NULL CHECK (relation IN ('owner','resident','tenant','member')),
  since INTEGER,
  PRIMARY KEY (unit_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX unit_people_person ON unit_people(person_id);

-- Folded (diacritic-free, lower-case, CJK split per character) search text, maintained by db/people.ts.
CREATE VIRTUAL TABLE people_fts USING fts5(search_text, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','manager','receptionist','security','technician','customer_care')),
  grants TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(grants)),
  password_hash TEXT NOT NULL,
  locale TEXT NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi','zh','en')),
  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE stations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('desk','kiosk','security')),
  token_hash TEXT UNIQUE,
  pairing_code_hash TEXT UNIQUE,
  pairing_expires_at INTEGER,
  paired_at INTEGER,
  revoked_at INTEGER,
  last_seen_at INTEGER,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  station_id INTEGER REFERENCES stations(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  station_id INTEGER REFERENCES stations(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  driver TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('desk_reader','desk_encoder','id_reader','door_reader','scanner')),
  port_path TEXT,
  usb_vid INTEGER,
  usb_pid INTEGER,
  baud_rate INTEGER,
  options TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE access_zones (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('door','floor','car_park','common')),
  floor INTEGER,
  anti_passback INTEGER NOT NULL DEFAULT 0 CHECK (anti_passback IN (0,1))
) STRICT;

CREATE TABLE access_readers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  zone_id INTEGER NOT NULL REFERENCES access_zones(id) ON DELETE RESTRICT,
  direction TEXT NOT NULL DEFAULT 'in' CHECK (direction IN ('in','out')),
  -- A configured device or a demo device (not a row in devices): checked by the service, cleared on device delete.
  device_id TEXT,
  token_hash TEXT UNIQUE
) STRICT;

-- Weekly intervals as JSON [{day:0-6, from:'HH:MM', to:'HH:MM'}]; holidays close a schedule unless it says otherwise.
CREATE TABLE schedules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  intervals TEXT NOT NULL CHECK (json_valid(intervals)),
  open_on_holidays INTEGER NOT NULL DEFAULT 0 CHECK (open_on_holidays IN (0,1))
) STRICT;

CREATE TABLE holidays (
  date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  name TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE access_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT
) STRICT;

CREATE TABLE access_group_rules (
  group_id INTEGER NOT NULL REFERENCES access_groups(id) ON DELETE CASCADE,
  zone_id INTEGER NOT NULL REFERENCES access_zones(id) ON DELETE CASCADE,
  schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE RESTRICT,
  PRIMARY KEY (group_id, zone_id, schedule_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE cards (
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE CHECK (uid GLOB '[0-9A-F]*' AND length(uid) BETWEEN 8 AND 20),
  technology TEXT NOT NULL CHECK (technology IN ('em4100','mifare_classic')),
  printed_number TEXT,
  holder_kind TEXT CHECK (holder_kind IN ('resident','staff','visitor','contractor')),
  person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
  status TEXT NOT NULL CHECK (status IN ('in_stock','active','suspended','revoked','lost','returned','expired')),
  valid_from INTEGER,
  valid_until INTEGER,
  pool TEXT,
  receipt_no TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cards_unit ON cards(unit_id, status);
CREATE INDEX cards_person ON cards(person_id);

CREATE TABLE card_access_groups (
  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES access_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (card_id, group_id)
) STRICT, WITHOUT ROWID;

-- Extra zones granted to one card (a visitor's destination floors) for its validity window.
CREATE TABLE card_zones (
  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  zone_id INTEGER NOT NULL REFERENCES access_zones(id) ON DELETE CASCADE,
  PRIMARY KEY (card_id, zone_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE card_events (
  id INTEGER PRIMARY KEY,
  card_id INTEGER NOT NULL REFERENCES cards(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT,
  reason TEXT,
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  station_id INTEGER REFERENCES stations(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX card_events_card ON card_events(card_id, at);

CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  ref TEXT NOT NULL UNIQUE,
  visitor_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
  host_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  host_unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
  host_company_id INTEGER REFERENCES companies(id) ON DELETE SET NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('service','business','delivery','contractor')),
  destination_floors TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(destination_floors)),
  status TEXT NOT NULL CHECK (status IN ('expected','waiting','checked_in','checked_out','cancelled','blocked')),
  expected_start INTEGER,
  expected_end INTEGER,
  checked_in_at INTEGER,
  checked_out_at INTEGER,
  card_id INTEGER REFERENCES cards(id) ON DELETE SET NULL,
  station_id INTEGER REFERENCES stations(id) ON DELETE SET NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  photo BLOB,
  note TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX visits_status ON visits(status, expected_end);
CREATE INDEX visits_checked_in ON visits(checked_in_at);
CREATE INDEX visits_host_time ON visits(host_person_id, checked_in_at);
CREATE UNIQUE INDEX visits_active_card ON visits(card_id) WHERE status = 'checked_in' AND card_id IS NOT NULL;

CREATE TABLE id_documents (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  visit_id INTEGER REFERENCES visits(id) ON DELETE SET NULL,
  doc_type TEXT NOT NULL CHECK (doc_type IN ('cccd','cmnd','passport','cn_id','id_card','driving_licence','other')),
  number_hash TEXT,
  data TEXT,
  checks TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(checks)),
  custody_slot TEXT,
  custody_taken_at INTEGER,
  custody_returned_at INTEGER,
  purged_at INTEGER,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX id_documents_number ON id_documents(number_hash);
CREATE INDEX id_documents_visit ON id_documents(visit_id);

CREATE TABLE watchlist (
  id INTEGER PRIMARY KEY,
  full_name TEXT,
  name_folded TEXT,
  id_number_hash TEXT,
  reason TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  CHECK (name_folded IS NOT NULL OR id_number_hash IS NOT NULL)
) STRICT;
CREATE INDEX watchlist_number ON watchlist(id_number_hash) WHERE active = 1;
CREATE INDEX watchlist_name ON watchlist(name_folded) WHERE active = 1;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  username TEXT,
  station_id INTEGER REFERENCES stations(id) ON DELETE SET NULL,
  station_name TEXT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before TEXT CHECK (before IS NULL OR json_valid(before)),
  after TEXT CHECK (after IS NULL OR json_valid(after))
) STRICT;
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, at);
CREATE INDEX audit_user ON audit_log(user_id, at);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  site_code TEXT NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  occurred_at INTEGER NOT NULL,
  aggregate_type TEXT NOT NULL,
  aggregate_id TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  sent_at INTEGER
) STRICT, WITHOUT ROWID;
CREATE INDEX outbox_pending ON outbox(status, id);
`;
