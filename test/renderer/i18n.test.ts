import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../gateway/contract/common.js';
import { GrantablePermission, Role } from '../../gateway/contract/roles.js';
import { en } from '../../renderer/src/i18n/en.js';
import { vi } from '../../renderer/src/i18n/vi.js';
import { zh } from '../../renderer/src/i18n/zh.js';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf as "a.b.c" → value. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const catalogs = { vi: flatten(vi), zh: flatten(zh), en: flatten(en) };
const placeholders = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('i18n catalogs', () => {
  it('have identical key sets in vi, zh and en', () => {
    const reference = [...catalogs.en.keys()].sort();
    expect(reference.length).toBeGreaterThan(100);
    expect([...catalogs.vi.keys()].sort()).toEqual(reference);
    expect([...catalogs.zh.keys()].sort()).toEqual(reference);
  });

  it.each(Object.entries(catalogs))('%s has no empty strings', (_locale, catalog) => {
    const empty = [...catalog].filter(([, value]) => value.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('use the same interpolation placeholders in every language', () => {
    const mismatched: string[] = [];
    for (const [key, text] of catalogs.en) {
      for (const locale of ['vi', 'zh'] as const) {
        const other = catalogs[locale].get(key) ?? '';
        if (placeholders(other).join() !== placeholders(text).join()) mismatched.push(`${locale}:${key}`);
      }
    }
    expect(mismatched).toEqual([]);
  });

  it('translate every ErrorCode of the contract (errors.<code>)', () => {
    for (const catalog of Object.values(catalogs)) {
      const missing = ErrorCode.options.filter((code) => !catalog.has(`errors.${code}`));
      expect(missing).toEqual([]);
    }
  });

  it('name every role and every grantable permission', () => {
    for (const catalog of Object.values(catalogs)) {
      expect(Role.options.filter((r) => !catalog.has(`roles.${r}`))).toEqual([]);
      expect(GrantablePermission.options.filter((p) => !catalog.has(`permissions.${p.replace('.', '_')}`))).toEqual([]);
    }
  });

  it('actually differ between languages for the UI chrome', () => {
    for (const key of ['login.title', 'home.subtitle', 'nav.people', 'errors.invalid_credentials']) {
      const values = new Set([catalogs.vi.get(key), catalogs.zh.get(key), catalogs.en.get(key)]);
      expect(values.size, key).toBe(3);
    }
  });
});
