/** Row types of every table, as SQLite stores them (times are Unix ms, JSON is TEXT, booleans are 0/1). */
import type { Generated } from 'kysely';

export interface SiteTable { id: number; code: string; name: string; timezone: string; default_locale: string; created_at: number; updated_at: number }
export interface SettingsTable { key: string; value: string; updated_at: number }
export interface UnitsTable {
  id: Generated<number>; code: string; kind: string; building: string | null; floor: number; area_m2: number | null;
  free_card_quota: number; note: string | null; created_at: number; updated_at: number;
}
export interface CompaniesTable {
  id: Generated<number>; name: string; name_folded: string; tax_code: string | null; unit_id: number | null;
  phone: string | null; email: string | null; note: string | null; created_at: number; updated_at: number;
}
export interface PeopleTable {
  id: Generated<number>; kind: string; full_name: string; name_folded: string; phone: string | null; email: string | null;
  company_id: number | null; department: string | null; note: string | null; created_at: number; updated_at: number;
}
export interface UnitPeopleTable { unit_id: number; person_id: number; relation: string; since: number | null }
/** Folded name; folded unit codes and company name (migration 005). */
export interface PeopleFtsTable { rowid: number; name: string; units_company: string; people_fts: Generated<string>; rank: Generated<number> }
export interface UsersTable {
  id: Generated<number>; username: string; display_name: string; role: string; grants: string; password_hash: string;
  locale: string; person_id: number | null; disabled: Generated<number>; failed_logins: Generated<number>; locked_until: number | null;
  created_at: number; updated_at: number;
}
export interface StationsTable {
  id: Generated<number>; name: string; kind: string; token_hash: string | null; pairing_code_hash: string | null;
  pairing_expires_at: number | null; paired_at: number | null; revoked_at: number | null; last_seen_at: number | null; created_at: number;
}
export interface SessionsTable { token_hash: string; user_id: number; station_id: number | null; created_at: number; last_seen_at: number; expires_at: number }
export interface DevicesTable {
  id: string; station_id: number | null; name: string; driver: string; role: string; port_path: string | null;
  usb_vid: number | null; usb_pid: number | null; baud_rate: number | null; options: string; enabled: number; created_at: number; updated_at: number;
}
export interface CardsTable {
  id: Generated<number>; uid: string; technology: string; printed_number: string | null; holder_kind: string | null;
  person_id: number | null; unit_id: number | null; status: string; valid_from: number | null; valid_until: number | null;
  pool: string | null; receipt_no: string | null; created_at: number; updated_at: number;
}
export interface VisitsTable {
  id: Generated<number>; ref: string; status: string; channel: string; visitor_name: string; visitor_name_folded: string;
  visitor_phone: string | null; visitor_company: string | null; doc_type: string | null; doc_source: string | null;
  doc_number_hash: string | null; doc_number_hint: string | null; doc_number_sealed: Uint8Array | null; doc_data_sealed: Uint8Array | null;
  doc_checks: string; photo_sealed: Uint8Array | null; signature_sealed: Uint8Array | null; rules_accepted_at: number | null;
  host_person_id: number | null; host_unit_id: number | null; host_company_id: number | null; host_label: string; purpose: string;
  destination_floors: string; expected_start: number | null; expected_end: number | null; checked_in_at: number | null;
  host_contacted_at: number | null; admitted_at: number | null; checkout_requested_at: number | null; checked_out_at: number | null;
  card_id: number | null; card_returned_at: number | null; custody_slot: string | null; custody_taken_at: number | null;
  custody_returned_at: number | null; watchlist_entry_id: number | null; override_by: number | null; override_reason: string | null;
  override_at: number | null; station_id: number | null; created_by: number | null; external_ref: string | null; note: string | null;
  purged_at: number | null; created_at: number; updated_at: number;
}
export interface AuditLogTable {
  id: Generated<number>; at: number; user_id: number | null; username: string | null; station_id: number | null;
  station_name: string | null; action: string; entity: string; entity_id: string | null; before: string | null; after: string | null;
}
export interface OutboxTable {
  id: string; site_code: string; type: string; schema_version: number; occurred_at: number; aggregate_type: string;
  aggregate_id: string; payload: string; status: Generated<string>; attempts: Generated<number>; last_attempt_at: Generated<number | null>;
  last_error: Generated<string | null>; sent_at: Generated<number | null>; rejected_at: Generated<number | null>; reject_code: Generated<string | null>;
}
export interface SyncCommandsTable {
  id: string; type: string; source: string; received_at: number; outcome: string; code: string | null; message: string | null; acked_at: number | null;
}

export interface Schema {
  site: SiteTable;
  settings: SettingsTable;
  units: UnitsTable;
  companies: CompaniesTable;
  people: PeopleTable;
  unit_people: UnitPeopleTable;
  people_fts: PeopleFtsTable;
  users: UsersTable;
  stations: StationsTable;
  sessions: SessionsTable;
  devices: DevicesTable;
  cards: CardsTable;
  visits: VisitsTable;
  audit_log: AuditLogTable;
  outbox: OutboxTable;
  sync_commands: SyncCommandsTable;
}
