/** CSV of a card list (the management board's per-unit list), columns in the user's language. */
import type { TFunction } from 'i18next';
import { api } from '../../api/client.js';
import type { CardView } from '../../contract.js';
import { buildCsvInSlices, collectPages, type Progress } from '../../export/csv.js';
import type { Formatters } from '../../i18n/format.js';

export async function cardListCsv(
  unitId: number,
  t: TFunction,
  fmt: Formatters,
  progress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<{ csv: string; rows: number }> {
  const cards = await collectPages<CardView>((offset, limit, s) => api('listCards', { query: { unitId, offset, limit }, signal: s }), progress, signal);
  const header = [t('cards.uid'), t('cards.printedNumber'), t('cards.technology'), t('cards.unit'), t('cards.holder'), t('cards.holderKind'), t('cards.status'), t('cards.validFrom'), t('cards.validUntil'), t('cards.updatedAt')];
  const csv = await buildCsvInSlices(
    header,
    cards,
    (c) => [
      c.uid,
      c.printedNumber,
      t(`cards.technologies.${c.technology}`),
      c.unitCode,
      c.personName,
      c.holderKind ? t(`cards.holderKinds.${c.holderKind}`) : null,
      t(`cards.statuses.${c.status}`),
      c.validFrom ? fmt.dateTime(c.validFrom) : null,
      c.validUntil ? fmt.dateTime(c.validUntil) : null,
      fmt.dateTime(c.updatedAt),
    ],
    progress,
    signal,
  );
  return { csv, rows: cards.length };
}
