/**
 * Visits as the desk and the kiosk record them. Before this migration no code wrote `visits` or `id_documents`
 * (both were placeholders of 001 and are empty in every install), so they are replaced, not altered:
 * - the visitor's identity lives on the visit (visitors are not directory people);
 * - the ID document, its custody and the card hand-back are columns of the visit (one document per visit);
 * - personal data (ID number and document data, photo, signature) is stored sealed (AES-256-GCM, gateway side),
 *   the ID number also as a keyed hash for exact-match search; the retention purge nulls them all.
 */
export const up = /* sql */ `
DROP TABLE id_documents;
DROP TABLE visits;

CREATE TABLE visits (
  id INTEGER PRIMARY KEY,
  ref TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('expected','blocked','waiting','checked_in','checked_out','cancelled')),
  channel TEXT NOT NULL CHECK (channel IN ('desk','kiosk','preregistered','upstream')),
  visitor_name TEXT NOT NULL,
  visitor_name_folded TEXT NOT NULL,
  visitor_phone TEXT,
  visitor_company TEXT,
  doc_type TEXT CHECK (doc_type IN ('cccd','cmnd','passport','cn_id','id_card','driving_licence','other')),
  doc_source TEXT CHECK (doc_source IN ('scan','manual')),
  doc_number_hash TEXT,
  doc_number_hint TEXT,
  doc_number_sealed BLOB,
  doc_data_sealed BLOB,
  doc_checks TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(doc_checks)),
  photo_sealed BLOB,
  signature_sealed BLOB,
  rules_accepted_at INTEGER,
  host_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  host_unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
  host_company_id INTEGER REFERENCES companies(id) ON DELETE SET NULL,
  host_label TEXT NOT NULL,
  purpose TEXT NOT NULL CHECK (purpose IN ('service','business','delivery','contractor')),
  destination_floors TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(destination_floors)),
  expected_start INTEGER,
  expected_end INTEGER,
  checked_in_at INTEGER,
  host_contacted_at INTEGER,
  admitted_at INTEGER,
  checkout_requested_at INTEGER,
  checked_out_at INTEGER,
  card_id INTEGER REFERENCES cards(id) ON DELETE SET NULL,
  card_returned_at INTEGER,
  custody_slot TEXT,
  custody_taken_at INTEGER,
  custody_returned_at INTEGER,
  watchlist_entry_id INTEGER REFERENCES watchlist(id) ON DELETE SET NULL,
  override_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  override_reason TEXT,
  override_at INTEGER,
  station_id INTEGER REFERENCES stations(id) ON DELETE SET NULL,
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  external_ref TEXT UNIQUE,
  note TEXT,
  purged_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- When the visit happened, for the log and its date filters: arrival, else the expected start, else creation.
  started_at INTEGER GENERATED ALWAYS AS (coalesce(checked_in_at, expected_start, created_at)) VIRTUAL,
  CHECK (custody_returned_at IS NULL OR custody_taken_at IS NOT NULL)
) STRICT;
CREATE INDEX visits_status_end ON visits(status, expected_end);
CREATE INDEX visits_started ON visits(started_at);
CREATE INDEX visits_host_person_started ON visits(host_person_id, started_at);
CREATE INDEX visits_host_unit_started ON visits(host_unit_id, started_at);
CREATE INDEX visits_host_company_started ON visits(host_company_id, started_at);
CREATE INDEX visits_doc_number ON visits(doc_number_hash) WHERE doc_number_hash IS NOT NULL;
CREATE INDEX visits_purge ON visits(checked_out_at) WHERE purged_at IS NULL;
-- One card serves one open visit at a time.
CREATE UNIQUE INDEX visits_open_card ON visits(card_id) WHERE card_id IS NOT NULL AND card_returned_at IS NULL;

-- Folded visitor names (diacritic-free, CJK split per character), maintained by db/visits.ts; rowid = visits.id.
-- Prefix indexes of 2 and 3 characters: every search term is a prefix query ("hoa"* finds "Hòa").
CREATE VIRTUAL TABLE visits_fts USING fts5(search_text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');

-- The people index gains the same prefix indexes (measured: about half the time of a three-word name search
-- over 100,000 people). Same rows, same rowids.
CREATE VIRTUAL TABLE people_fts_new USING fts5(search_text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO people_fts_new (rowid, search_text) SELECT rowid, search_text FROM people_fts;
DROP TABLE people_fts;
ALTER TABLE people_fts_new RENAME TO people_fts;
`;
