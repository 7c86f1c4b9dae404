/**
 * GB 11643-1999 citizen identity number: 6-digit region, 8-digit birth date, 3-digit sequence (odd = male),
 * check character by ISO 7064 MOD 11-2 (e.g. `11010519491231002X` is valid).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits, or undefined if they are not 17 digits. */
export function gb11643CheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11];
}

export function isValidGb11643(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  return gb11643CheckChar(id.slice(0, 17)) === id.slice(17).toUpperCase();
}

/** Birth date (ISO) and sex encoded in an 18-digit number; undefined parts when malformed. */
export function gb11643Parts(id: string): { region: string; birthDate?: string; sex: 'male' | 'female' } | undefined {
  if (!/^\d{17}[\dXx]$/.test(id)) return undefined;
  const y = id.slice(6, 10);
  const m = id.slice(10, 12);
  const d = id.slice(12, 14);
  const iso = `${y}-${m}-${d}`;
  const date = new Date(`${iso}T00:00:00Z`);
  const valid = !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso);
  return { region: id.slice(0, 6), ...(valid ? { birthDate: iso } : {}), sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}
