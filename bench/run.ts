/**
 * `npm run bench [-- --quick] [-- --out file]`: every benchmark on generated data, a table, and a JSON report.
 * `npm run bench -- --fuzz` also runs 100,000 fuzz cases per device parser. Never part of `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FUZZ_TARGETS } from '../test/support/fuzz.js';
import { accessFigures } from './access.js';
import { accessMqttFigures } from './access-mqtt.js';
import { codecFigures, encodeFigures } from './drivers.js';
import { json, table, type Figure } from './report.js';
import { startupFigures } from './startup.js';
import { syncFigures } from './sync.js';
import { uiFigures } from './ui.js';
import { visitFigures } from './visits.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    fuzz: { type: 'boolean', default: false },
    /** The startup figure's memory check under 10 minutes of load instead of 2. */
    soak: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results.json' },
    /** Comma-separated groups to run (drivers, access, visits, …); all when absent. */
    only: { type: 'string' },
  },
});
const only = values.only?.split(',').map((g) => g.trim());
const wanted = (group: string) => only === undefined || only.includes(group);

const figures: Figure[] = [];
const groups: [string, () => Promise<Figure[]>][] = [
  ['drivers', async () => [...(await codecFigures(values.quick)), ...(await encodeFigures())]],
  ['access', async () => [...(await accessFigures(values.quick)), ...(await accessMqttFigures(values.quick))]],
  ['visits', () => visitFigures(values.quick)],
  ['startup', () => startupFigures({ quick: values.quick, soak: values.soak })],
  ['sync', () => syncFigures(values.quick)],
  ['ui', () => uiFigures(values.quick)],
];
const unknown = only?.filter((group) => !groups.some(([name]) => name === group)) ?? [];
if (unknown.length > 0) {
  console.error(`bench: unknown group ${unknown.join(', ')}; the groups are ${groups.map(([name]) => name).join(', ')}`);
  process.exit(2);
}
for (const [group, run] of groups) {
  if (!wanted(group)) continue;
  const started = performance.now();
  figures.push(...(await run()));
  console.error(`bench: ${group} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (values.fuzz) {
  const runs = values.quick ? 10_000 : 100_000;
  for (const [name, fuzz] of Object.entries(FUZZ_TARGETS)) {
    const started = performance.now();
    fuzz(runs);
    const seconds = (performance.now() - started) / 1000;
    figures.push({ group: 'fuzz', name: `fuzz ${name}: ${runs.toLocaleString('en')} cases per property, no exception, bounded buffer`, value: runs / seconds, unit: 'cases/s', baseline: null, baselineName: null, target: null });
  }
}

console.log(table(figures));
const out = resolve(values.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(json(figures), null, 2)}\n`);
console.log(`\nwritten ${out}`);
