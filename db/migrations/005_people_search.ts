/**
 * People search: the folded name gets a column of its own in `people_fts`, apart from the unit codes and the company
 * name, so a search by name alone (the kiosk's host search) is a column filter (`people_fts.name MATCH …`) instead of
 * a filter over the results afterwards. Same rowids, same tokenizer, same prefix indexes.
 *
 * The old `search_text` is `name_folded` followed by the folded unit codes and company name (db/people.ts wrote it so),
 * and is split there; a row that does not start with the person's folded name keeps its whole text in `name`, where
 * it is still found (and is rewritten the next time the person is saved). A row without a person is not carried over.
 */
export const up = /* sql */ `
CREATE VIRTUAL TABLE people_fts_v5 USING fts5(name, units_company, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO people_fts_v5 (rowid, name, units_company)
  SELECT f.rowid,
         CASE WHEN substr(f.search_text, 1, length(p.name_folded)) = p.name_folded THEN p.name_folded ELSE f.search_text END,
         CASE WHEN substr(f.search_text, 1, length(p.name_folded)) = p.name_folded THEN trim(substr(f.search_text, length(p.name_folded) + 1)) ELSE '' END
  FROM people_fts f JOIN people p ON p.id = f.rowid;
DROP TABLE people_fts;
ALTER TABLE people_fts_v5 RENAME TO people_fts;
`;
