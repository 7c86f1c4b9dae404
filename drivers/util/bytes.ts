/** Byte helpers shared by every codec. Pure functions, no state. */

/** Parse a hex string (spaces, colons and `0x` prefixes allowed) into a Buffer. Throws on odd length or non-hex. */
export function hex(text: string): Buffer {
  const clean = text.replace(/0x/gi, '').replace(/[\s:,-]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new TypeError(`not a hex string: ${JSON.stringify(text)}`);
  }
  return Buffer.from(clean, 'hex');
}

/** Uppercase hex without separators, e.g. `62E3086CED`. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

/** XOR of all bytes in `bytes[start, end)`. */
export function xor(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i] ?? 0;
  return x;
}

/** Sum of all bytes modulo 256. */
export function sum8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let s = 0;
  for (let i = start; i < end; i++) s = (s + (bytes[i] ?? 0)) & 0xff;
  return s;
}

/** Index of `needle` in `haystack` at or after `from`, or -1. */
export function indexOfSeq(haystack: Uint8Array, needle: readonly number[], from = 0): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Normalise a UID given as hex (any case, separators allowed) to uppercase hex. Throws if not hex. */
export function normalizeUid(uid: string | Uint8Array): string {
  return typeof uid === 'string' ? toHex(hex(uid)) : toHex(uid);
}
