/**
 * Hand-written arbitraries for the parts of gateway/contract that derivation cannot reach (test/support/zod-arbitrary.ts):
 * refinements random data almost never meets (ID-number checksums, "exactly one host", a known time zone), and
 * normalizing inputs worth exercising in their raw form (card UIDs with separators, QR references, pairing codes).
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { CardUid, PairingCodeInput, TimeZone, VisitDocument, VisitHost, VisitRef, VisitorPreRegistration, cnIdCheckChar, isTimeZone, type VisitDocType } from '../../gateway/contract/index.js';
import { validInput, type DeriveOptions, type Override } from './zod-arbitrary.js';

type Json = Record<string, unknown>;

/** Mixed case, and separators anywhere: what a reader or a person types. The gateway must normalize it. */
const scatter = (separators: readonly string[]) => (derived: fc.Arbitrary<unknown>) =>
  fc
    .tuple(derived, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...separators)), { maxLength: 4 }), fc.boolean())
    .map(([value, cuts, lower]) => {
      let s = lower ? String(value).toLowerCase() : String(value);
      for (const [at, sep] of cuts) s = s.slice(0, at % (s.length + 1)) + sep + s.slice(at % (s.length + 1));
      return s;
    });

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const chars = (alphabet: string, min: number, max: number) => fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((c) => c.join(''));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A number that passes `idNumberValid` for the document type, as typed (spaces, dashes, lower case allowed). */
export function idNumberOf(type: VisitDocType): fc.Arbitrary<string> {
  const canonical: fc.Arbitrary<string> =
    type === 'cccd'
      ? digits(12)
      : type === 'cmnd'
        ? fc.oneof(digits(9), digits(12))
        : type === 'cn_id'
          ? digits(17).map((first) => first + cnIdCheckChar(first))
          : type === 'passport'
            ? chars(`${ALNUM}<`, 5, 20)
            : chars(ALNUM, 4, 30);
  return fc
    .tuple(canonical, fc.constantFrom('', ' ', '-'), fc.boolean())
    .map(([n, sep, lower]) => {
      const typed = sep && n.length > 6 ? `${n.slice(0, 3)}${sep}${n.slice(3)}` : n;
      return lower ? typed.toLowerCase() : typed;
    })
    .filter((n) => n.trim().length <= 40);
}

/** Exactly one of the listed keys holds a positive id; the others are null or absent. */
const exactlyOne = (keys: readonly string[]) => (derived: fc.Arbitrary<unknown>) =>
  fc
    .tuple(derived, fc.constantFrom(...keys), fc.integer({ min: 1, max: 2 ** 31 }), fc.array(fc.boolean(), { minLength: keys.length, maxLength: keys.length }))
    .map(([value, chosen, id, absent]) => {
      const out: Json = { ...(value as Json) };
      keys.forEach((k, i) => {
        if (k === chosen) out[k] = out[k] ?? id;
        else if (absent[i]) delete out[k];
        else out[k] = null;
      });
      return out;
    });

const timeZones = ['UTC', ...Intl.supportedValuesOf('timeZone')].filter(isTimeZone);

export const contractOverrides: ReadonlyMap<z.ZodType, Override> = new Map<z.ZodType, Override>([
  [TimeZone, fc.constantFrom(...timeZones)],
  [CardUid, { around: scatter([':', '-', ' ']) }],
  [PairingCodeInput, { around: scatter(['-', ' ']) }],
  [VisitRef, { around: (derived) => fc.tuple(derived, fc.boolean(), fc.constantFrom('', 'FGV:', 'fgv:', ' ')).map(([ref, lower, prefix]) => prefix + (lower ? String(ref).toLowerCase() : String(ref))) }],
  [VisitHost, { around: exactlyOne(['personId', 'unitId', 'companyId']) }],
  [VisitorPreRegistration, { around: exactlyOne(['hostPersonId', 'hostUnitId', 'hostCompanyId']) }],
  [VisitDocument, { around: (derived) => derived.chain((v) => idNumberOf((v as { type: VisitDocType }).type).map((number) => ({ ...(v as Json), number }))) }],
]);

export const contractDerive: DeriveOptions = { overrides: contractOverrides };

/** Valid inputs of a contract schema. */
export const contractInput = (schema: z.ZodType, options: Omit<DeriveOptions, 'overrides'> = {}) => validInput(schema, { ...contractDerive, ...options });
