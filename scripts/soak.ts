/**
 * `npm run soak -- [--minutes 10] [--out soak.json] [--seed 1] [--pace 1] [--max-slope 1]`: a gateway under a working
 * day's traffic (scripts/soak-driver.ts) for the given time, on loopback. Prints and writes the figures; exits 1 when
 * there was any error (a non-2xx answer, a wrong door decision, a stream that closed, an error in the gateway log)
 * or when resident memory grew over the second half by more than --max-slope MB per minute at the building's rate
 * (the slope divided by --pace; judged for runs of 2 minutes or more).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runSoak, type SoakResult } from './soak-driver.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    pace: { type: 'string', default: '1' },
    'max-slope': { type: 'string', default: '1' },
  },
});
const minutes = Number(values.minutes);
const maxSlope = Number(values['max-slope']);
/** Below this the second half is too short to tell growth from garbage-collector noise. */
const MIN_MINUTES_FOR_MEMORY = 2;

const started = new Date();
console.log(`soak: ${minutes} min of traffic, seed ${values.seed}, pace ${values.pace}`);
const result = await runSoak({
  durationMs: minutes * 60_000,
  seed: Number(values.seed),
  pace: Number(values.pace),
  log: (line) => console.log(`  ${line}`),
});

function verdict(r: SoakResult): { memory: 'flat' | 'grows' | 'not judged'; ok: boolean } {
  const memory = minutes < MIN_MINUTES_FOR_MEMORY ? 'not judged' : r.memory.rssSlopeMbPerMin / r.options.pace <= maxSlope ? 'flat' : 'grows';
  return { memory, ok: r.errors.count === 0 && memory !== 'grows' };
}
const judged = verdict(result);

const r = result;
console.log(`\nrequests (${r.totalRequests} in ${r.trafficSeconds} s; client-side latency):`);
for (const [kind, f] of Object.entries(r.requests)) console.log(`  ${kind.padEnd(24)} ${String(f.count).padStart(7)}   p50 ${f.p50Ms} ms   p99 ${f.p99Ms} ms`);
console.log(`door taps: ${r.taps.sent} sent, ${r.taps.decided} decided (${r.taps.granted} granted, ${r.taps.denied} denied), ${r.taps.wrong} wrong`);
console.log(
  `visitors: desk ${r.visits.deskCheckIns} in / ${r.visits.deskCheckOuts} out (${r.visits.cardsIssued} cards, ${r.visits.documentsReturned} documents returned), kiosk ${r.visits.kioskCheckIns} in / ${r.visits.kioskCheckOuts} out; on the board at the end: ${r.visits.onSiteAtEnd}`,
);
console.log(`event streams: ${r.events.subscribers}, received ${JSON.stringify(r.events.received)}`);
console.log(`memory: RSS ${r.memory.rssStartMb} → ${r.memory.rssEndMb} MB (max ${r.memory.rssMaxMb}), slope after ${r.memory.slopeFromSeconds} s: ${r.memory.rssSlopeMbPerMin} MB/min (heap ${r.memory.heapStartMb} → ${r.memory.heapEndMb} MB, ${r.memory.heapSlopeMbPerMin} MB/min; database ${r.memory.dbStartMb} → ${r.memory.dbEndMb} MB): ${judged.memory}`);
console.log(`event-loop delay since start: p50 ${r.lag.sinceStart.p50} ms, p99 ${r.lag.sinceStart.p99} ms, max ${r.lag.sinceStart.max} ms; worst ${r.lag.recentSeconds}-s window p99 ${r.lag.worstRecentP99} ms`);
console.log(`errors: ${r.errors.count} (gateway log: ${r.gatewayLog.errors} errors, ${r.gatewayLog.warnings} warnings; exit code ${r.gatewayExitCode})`);
for (const line of [...r.errors.first, ...r.gatewayLog.first]) console.log(`  ${line}`);

if (values.out) {
  writeFileSync(values.out, `${JSON.stringify({ startedAt: started.toISOString(), minutes, maxSlopeMbPerMin: maxSlope, verdict: judged, ...result }, null, 2)}\n`);
  console.log(`written to ${values.out}`);
}
console.log(judged.ok ? 'soak: passed' : 'soak: FAILED');
process.exit(judged.ok ? 0 : 1);
