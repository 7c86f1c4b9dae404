import { first, run, type Db } from './connection.js';

export interface SiteRow {
  code: string;
  name: string;
  timezone: string;
  defaultLocale: 'vi' | 'zh' | 'en';
}

export function getSite(db: Db): SiteRow | undefined {
  const row = first(db, db.k.selectFrom('site').selectAll().where('id', '=', 1));
  return row && { code: row.code, name: row.name, timezone: row.timezone, defaultLocale: row.default_locale as SiteRow['defaultLocale'] };
}

/** Creates the site row on first start; later starts keep what the admin set. */
export function ensureSite(db: Db, defaults: SiteRow, now: number): SiteRow {
  const existing = getSite(db);
  if (existing) return existing;
  run(
    db,
    db.k.insertInto('site').values({
      id: 1,
      code: defaults.code,
      name: defaults.name,
      timezone: defaults.timezone,
      default_locale: defaults.defaultLocale,
      created_at: now,
      updated_at: now,
    }),
  );
  return defaults;
}

export function updateSite(db: Db, patch: Omit<SiteRow, 'code'>, now: number): void {
  run(
    db,
    db.k
      .updateTable('site')
      .set({ name: patch.name, timezone: patch.timezone, default_locale: patch.defaultLocale, updated_at: now })
      .where('id', '=', 1),
  );
}

export function getSetting<T>(db: Db, key: string): T | undefined {
  const row = first(db, db.k.selectFrom('settings').select('value').where('key', '=', key));
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function putSetting(db: Db, key: string, value: unknown, now: number): void {
  run(
    db,
    db.k
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now })),
  );
}
