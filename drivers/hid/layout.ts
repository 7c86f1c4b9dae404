/**
 * Keyboard layouts: HID usage (key position) → character without and with Shift (and AltGr when the layout
 * has one). Wedge readers send key positions, so the host must use the layout the device was configured for.
 */
export type KeyEntry = readonly [plain: string, shifted: string, altGr?: string];

export interface KeyboardLayout {
  name: string;
  keys: Readonly<Record<number, KeyEntry>>;
}

const letters: Record<number, KeyEntry> = {};
for (let i = 0; i < 26; i++) {
  const c = String.fromCharCode(0x61 + i);
  letters[0x04 + i] = [c, c.toUpperCase()];
}

export const US_LAYOUT: KeyboardLayout = Object.freeze({
  name: 'us',
  keys: Object.freeze<Record<number, KeyEntry>>({
    ...letters,
    0x1e: ['1', '!'], 0x1f: ['2', '@'], 0x20: ['3', '#'], 0x21: ['4', '$'], 0x22: ['5', '%'],
    0x23: ['6', '^'], 0x24: ['7', '&'], 0x25: ['8', '*'], 0x26: ['9', '('], 0x27: ['0', ')'],
    0x2b: ['\t', '\t'], 0x2c: [' ', ' '], 0x2d: ['-', '_'], 0x2e: ['=', '+'], 0x2f: ['[', '{'], 0x30: [']', '}'],
    0x31: ['\\', '|'], 0x33: [';', ':'], 0x34: ["'", '"'], 0x35: ['`', '~'], 0x36: [',', '<'], 0x37: ['.', '>'],
    0x38: ['/', '?'],
    // keypad
    0x54: ['/', '/'], 0x55: ['*', '*'], 0x56: ['-', '-'], 0x57: ['+', '+'],
    0x59: ['1', '1'], 0x5a: ['2', '2'], 0x5b: ['3', '3'], 0x5c: ['4', '4'], 0x5d: ['5', '5'],
    0x5e: ['6', '6'], 0x5f: ['7', '7'], 0x60: ['8', '8'], 0x61: ['9', '9'], 0x62: ['0', '0'], 0x63: ['.', '.'],
  }),
});

/** Derive a layout from another by overriding some keys (e.g. German QWERTZ swaps Y and Z). */
export function defineLayout(name: string, base: KeyboardLayout, overrides: KeyboardLayout['keys']): KeyboardLayout {
  return Object.freeze({ name, keys: Object.freeze({ ...base.keys, ...overrides }) });
}

/** German QWERTZ (digits row and letters; enough for card numbers and IDs). */
export const DE_LAYOUT: KeyboardLayout = defineLayout('de', US_LAYOUT, {
  0x1c: ['z', 'Z'], 0x1d: ['y', 'Y'], 0x1f: ['2', '"'], 0x20: ['3', '§'], 0x23: ['6', '&'], 0x24: ['7', '/', '{'],
  0x25: ['8', '(', '['], 0x26: ['9', ')', ']'], 0x27: ['0', '=', '}'], 0x2d: ['ß', '?', '\\'], 0x38: ['-', '_'],
  0x36: [',', ';'], 0x37: ['.', ':'], 0x14: ['q', 'Q', '@'],
});

/** Reverse map for simulators: character → [usage, shift, altGr]. */
export function reverseLayout(layout: KeyboardLayout): Map<string, { usage: number; shift: boolean; altGr: boolean }> {
  const map = new Map<string, { usage: number; shift: boolean; altGr: boolean }>();
  for (const [usage, [plain, shifted, altGr]] of Object.entries(layout.keys)) {
    const u = Number(usage);
    if (u >= 0x54 && u <= 0x63) continue; // prefer the main block over the keypad
    if (!map.has(plain)) map.set(plain, { usage: u, shift: false, altGr: false });
    if (!map.has(shifted)) map.set(shifted, { usage: u, shift: true, altGr: false });
    if (altGr !== undefined && !map.has(altGr)) map.set(altGr, { usage: u, shift: false, altGr: true });
  }
  return map;
}
