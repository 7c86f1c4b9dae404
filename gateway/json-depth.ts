/**
 * Nesting depth of a JSON text, checked before parsing. No FrontGate request nests deeper than a handful of levels;
 * a body of 10,000 nested arrays parses (V8's JSON.parse does not recurse) but costs time and memory for nothing, so
 * the server refuses anything deeper than MAX_JSON_DEPTH with 400 before parsing it.
 */
export const MAX_JSON_DEPTH = 32;

/** True when `[`/`{` nest deeper than `max` (brackets inside strings do not count). One pass, no allocation. */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
