/**
 * Text folding for search: "Nguyễn Văn Đức" and "nguyen van duc" fold to the same tokens.
 * Vietnamese đ/Đ is its own letter (no Unicode decomposition), so it is mapped explicitly.
 * Han characters are split one per token, so a surname or a given name alone finds "王小明".
 */
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;

export function foldText(text: string): string {
  const base = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
  let out = '';
  for (const ch of base) out += HAN.test(ch) ? ` ${ch} ` : ch;
  return out.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * An FTS5 MATCH expression for a user's query: every token must match as a prefix; Han characters
 * of one word must stand next to each other (a phrase). Returns null when nothing searchable remains.
 */
export function ftsQuery(query: string): string | null {
  const words = query.trim().split(/\s+/).map(foldText).filter(Boolean);
  if (words.length === 0) return null;
  return words
    .map((word) => {
      // A quoted phrase with * matches the last token as a prefix ("nguyen van d" finds "Nguyễn Văn Đức").
      return `"${word}"*`;
    })
    .join(' AND ');
}
