/**
 * The duplicate check of a check-in (db/visits.ts `findOpenDuplicate`: an open visit of the same visitor for the same
 * host) had no index of its own: SQLite took one of the host indexes, and `host_company_id IS NULL` (a resident's
 * visitor) or one busy host matched most of the log — a check-in read the whole table, 0.3 s with 1,000,000 visits.
 * Open visits are a handful at any time: this partial index holds only them, by folded visitor name.
 */
export const up = /* sql */ `
CREATE INDEX visits_open_visitor ON visits(visitor_name_folded) WHERE status IN ('blocked','waiting','checked_in');
`;
