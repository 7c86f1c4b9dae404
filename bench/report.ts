/** One measured figure, its baseline from the same run, and its target. */
export interface Figure {
  group: string;
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  baselineName: string | null;
  /** Met when value `op` target value; ratio targets compare value/baseline. */
  target: { op: '<=' | '>='; value: number; of?: 'ratio' } | null;
}

/** The middle value (the upper one of an even count). */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Rounds of a figure and its baseline measured alternately, so that both see the same moments of a shared machine (on
 * a VM their rates drift by ±30 % within a minute): `measure(side)` runs one round of one side.
 */
export async function alternatingRounds<T>(rounds: number, measure: (side: 'baseline' | 'value') => Promise<T>): Promise<{ baseline: T; value: T }[]> {
  const result: { baseline: T; value: T }[] = [];
  for (let round = 0; round < rounds; round++) {
    const baseline = await measure('baseline');
    result.push({ baseline, value: await measure('value') });
  }
  return result;
}

/** The round whose ratio value / baseline is the median one: its two figures are reported together, as measured. */
export function medianRound<T>(rounds: readonly { baseline: T; value: T }[], rate: (measured: T) => number): { baseline: T; value: T } {
  const sorted = [...rounds].sort((a, b) => rate(a.value) / rate(a.baseline) - rate(b.value) / rate(b.baseline));
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function met(f: Figure): boolean | null {
  if (!f.target) return null;
  const measured = f.target.of === 'ratio' ? (f.baseline ? f.value / f.baseline : 0) : f.value;
  return f.target.op === '<=' ? measured <= f.target.value : measured >= f.target.value;
}

const fmt = (n: number) => (Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en') : Number(n.toPrecision(3)).toString());

export function table(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    `${fmt(f.value)} ${f.unit}`,
    f.baseline === null ? '' : `${fmt(f.baseline)} (${f.baselineName})`,
    f.baseline ? `${(f.value / f.baseline).toFixed(2)}×` : '',
    f.target ? `${f.target.op} ${fmt(f.target.value)}${f.target.of === 'ratio' ? '× baseline' : ''}` : 'report',
    met(f) === null ? '' : met(f) ? 'met' : 'MISSED',
  ]);
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

export function json(figures: Figure[]) {
  return {
    generatedAt: new Date().toISOString(),
    node: process.version,
    figures: figures.map((f) => ({ ...f, ratio: f.baseline ? f.value / f.baseline : null, met: met(f) })),
  };
}
