/**
 * The soak driver, shared by `npm run soak` (10 minutes) and test/faults/soak.test.ts (about 20 s): a real gateway as
 * a child process on loopback with a fresh data directory, a seeded building, and the traffic of a working day —
 *   - 50 door readers behind 5 controllers: a tap every 5–20 s each, four times as often in two shift changes;
 *     every decision is checked against the card's access (resident floor, office floor, car park, gym, suspended);
 *   - 3 reception desks: visitors registered (some wait for their host, some leave an ID document), a pool card
 *     issued and tapped at the lobby and the host floor, checked out later (by card or by visit) and the card tapped
 *     again (refused); the visitor board and visit log searches as the desk screen reads them;
 *   - a security desk: the board, visit log and card searches;
 *   - 6 self-service kiosks: host search, sign-in with rules and signature, sign-out with the badge QR;
 *   - every station holds its live event stream open.
 * Bounded: one request at a time per reader, station and sampler (61 at most in flight), a fixed seed, loopback only.
 * When the time is up, visitors still inside leave (end of day) and the board must be empty.
 * The gateway's RSS (/proc/<pid>/status), heap and event-loop delay (/api/health) are sampled throughout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessDecision, Health, VisitView } from '../gateway/contract/index.js';
import { SEARCH_TERMS, nameOf, pick, poolUid, rng, seedBuilding, seedOf, unknownUid, type Building, type BuildingSize, type Card, type Host, type Reader, type Station } from './soak-building.js';
import { Agenda, Clock } from './soak-agenda.js';
import { SoakClient, round, type KindFigures } from './soak-client.js';
import { rssOf, startGatewayProcess, type GatewayLog, type GatewayProcess } from './soak-gateway.js';

/** What the driver reads of these answers (gateway/contract/visits.ts). */
type VisitBoard = { waiting: VisitView[]; onSite: VisitView[] };
type KioskHostList = { items: { kind: 'person' | 'unit' | 'company'; id: number }[] };
type KioskReceipt = { ref: string; status: 'waiting' | 'checked_in' | 'see_desk' };

export interface SoakOptions {
  /** Length of the traffic phase (seeding and the end-of-day check-out come on top). */
  durationMs: number;
  seed?: number;
  /** Multiplies every rate; 1 is a realistic building. */
  pace?: number;
  building?: BuildingSize;
  /** How often RSS, heap and event-loop delay are sampled. */
  sampleMs?: number;
  log?: (line: string) => void;
}

export interface Sample {
  /** Seconds since the traffic began. */
  t: number;
  rssMb: number;
  heapUsedMb: number;
  /** The database file (its page cache, up to 16 MB of RSS, grows with it). */
  dbMb: number;
  /** Event-loop delay p99 of the gateway's recent window (ms). */
  lagP99Ms: number;
}

export interface SoakResult {
  options: Required<Omit<SoakOptions, 'log'>>;
  building: { people: number; readers: number; controllers: number; stations: Record<Station['kind'], number> };
  seedSeconds: number;
  trafficSeconds: number;
  requests: Record<string, KindFigures>;
  totalRequests: number;
  taps: { sent: number; decided: number; granted: number; denied: number; wrong: number };
  visits: { deskCheckIns: number; cardsIssued: number; deskCheckOuts: number; documentsReturned: number; kioskCheckIns: number; kioskCheckOuts: number; onSiteAtEnd: number };
  events: { subscribers: number; received: Record<string, number> };
  errors: { count: number; first: string[] };
  gatewayLog: GatewayLog;
  gatewayExitCode: number | null;
  memory: { rssStartMb: number; rssEndMb: number; rssMaxMb: number; rssSlopeMbPerMin: number; heapStartMb: number; heapEndMb: number; heapSlopeMbPerMin: number; dbStartMb: number; dbEndMb: number; slopeFromSeconds: number };
  lag: { sinceStart: { p50: number; p99: number; max: number }; worstRecentP99: number; recentSeconds: number };
  samples: Sample[];
}

// ---------------------------------------------------------------- the run

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const opts = { seed: 1, pace: 1, building: 'full' as BuildingSize, sampleMs: 5000, ...options };
  const say = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'frontgate-soak-'));
  const gateway = await startGatewayProcess(dataDir).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  try {
    say(`gateway ${gateway.base} (pid ${gateway.pid}), data ${dataDir}`);
    const client = new SoakClient(gateway.base);
    const seedStarted = performance.now();
    const building = await seedBuilding(client, opts.building);
    const seedSeconds = round((performance.now() - seedStarted) / 1000, 1);
    say(`seeded ${building.cards.length} people and cards, ${building.readers.length} readers, ${building.stations.length} stations in ${seedSeconds} s`);
    return await drive(client, gateway, building, { ...opts, seedSeconds, say });
  } finally {
    await gateway.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const minutes = (ms: number) => ms / 60_000;

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
}

async function drive(
  client: SoakClient,
  gateway: GatewayProcess,
  building: Building,
  opts: Required<Omit<SoakOptions, 'log'>> & { seedSeconds: number; say: (line: string) => void },
): Promise<SoakResult> {
  const clock = new Clock();
  const { pace, durationMs } = opts;
  const between = (random: () => number, minMs: number, maxMs: number) => (minMs + random() * (maxMs - minMs)) / pace;
  const taps = { sent: 0, decided: 0, granted: 0, denied: 0, wrong: 0 };
  const visits = { deskCheckIns: 0, cardsIssued: 0, deskCheckOuts: 0, documentsReturned: 0, kioskCheckIns: 0, kioskCheckOuts: 0, onSiteAtEnd: 0 };
  let visitorSeq = 0;

  const readerById = new Map(building.readers.map((r) => [r.id, r]));
  /** A card at a reader, with the answer its access calls for. */
  const tap = async (kind: string, readerId: string, uid: string, expected: boolean) => {
    const reader = readerById.get(readerId) as Reader;
    taps.sent++;
    const decision = await client.call<AccessDecision>(kind, 'POST', '/api/access/decide', { token: building.controllerTokens[reader.controller], body: { readerId, uid } });
    if (!decision) return;
    taps.decided++;
    if (decision.granted) taps.granted++;
    else taps.denied++;
    if (decision.granted !== expected) {
      taps.wrong++;
      client.fail(`${kind}: card ${uid} at ${readerId} was ${decision.granted ? 'granted' : `denied (${decision.reason})`}, expected ${expected ? 'granted' : 'denied'}`);
    }
  };

  // ---- door readers: shift changes at 25–35 % and 65–75 % of the run quadruple the taps
  const burst = () => {
    const f = clock.now() / durationMs;
    return (f >= 0.25 && f < 0.35) || (f >= 0.65 && f < 0.75) ? 4 : 1;
  };
  const byFloor = new Map<number, Card[]>();
  for (const card of building.cards.filter((c) => c.active)) byFloor.set(card.floor, [...(byFloor.get(card.floor) ?? []), card]);
  const active = building.cards.filter((c) => c.active);
  const suspended = building.cards.filter((c) => !c.active);
  const chooseTap = (reader: Reader, random: () => number): { uid: string; expected: boolean } => {
    const x = random();
    if (x < 0.04) return { uid: unknownUid(Math.floor(random() * 1000)), expected: false };
    if (x < 0.07 && suspended.length > 0) return { uid: pick(random, suspended).uid, expected: false };
    if (reader.zone === 'lobby' || reader.zone === 'car_park') return { uid: pick(random, active).uid, expected: true };
    if (reader.zone === 'gym') {
      const card = pick(random, active);
      return { uid: card.uid, expected: card.kind === 'resident' };
    }
    const own = byFloor.get(reader.floor ?? 0) ?? [];
    const card = random() < 0.8 && own.length > 0 ? pick(random, own) : pick(random, active);
    return { uid: card.uid, expected: card.floor === reader.floor };
  };
  const doorReader = async (reader: Reader) => {
    const random = rng(seedOf(opts.seed, reader.id));
    let next = between(random, 0, 20_000);
    while (!clock.stopped) {
      await clock.sleepUntil(next);
      if (clock.stopped) break;
      const { uid, expected } = chooseTap(reader, random);
      await tap('door.tap', reader.id, uid, expected);
      next = clock.now() + between(random, 5_000, 20_000) / burst();
    }
  };

  // ---- reception desks
  const desk = (station: Station, deskNo: number) => {
    const random = rng(seedOf(opts.seed, station.name));
    const agenda = new Agenda(clock);
    const cookie = station.cookie as string;
    const pool = Array.from({ length: 40 }, (_, i) => poolUid(deskNo, i));
    const inUse = new Set<string>();
    agenda.every(() => between(random, 5_000, 10_000), async () => void (await client.call<VisitBoard>('visit.board', 'GET', '/api/visits/board', { cookie })));
    agenda.every(() => between(random, 30_000, 60_000), async () => {
      await client.call('visit.search', 'GET', `/api/visits?q=${encodeURIComponent(pick(random, SEARCH_TERMS))}&limit=50`, { cookie });
    });
    const arrive = async () => {
      const n = visitorSeq++;
      const purpose = pick(random, ['service', 'delivery', 'contractor', 'business', 'business'] as const);
      const host: Host = purpose === 'business' ? pick(random, building.companies) : pick(random, building.residents);
      const holdsDocument = random() < 0.2;
      const document = holdsDocument || random() < 0.5 ? { type: 'cccd', number: String(790_000_000_000 + n * 7919), source: 'manual' } : null;
      const body = {
        fullName: nameOf(n),
        purpose,
        host: host.companyId !== undefined ? { companyId: host.companyId } : { personId: host.personId },
        phone: `09${String(10_000_000 + n).slice(-8)}`,
        document,
        custodySlot: holdsDocument ? `K-${deskNo}${n % 40}` : null,
      };
      let visit = await client.call<VisitView>('visit.create', 'POST', '/api/visits', { cookie, body });
      if (!visit) return;
      visits.deskCheckIns++;
      if (visit.status === 'waiting') {
        await client.call('visit.host-contacted', 'POST', `/api/visits/${visit.id}/host-contacted`, { cookie });
        visit = await client.call<VisitView>('visit.admit', 'POST', `/api/visits/${visit.id}/admit`, { cookie });
        if (!visit) return;
      }
      if (visit.status !== 'checked_in') return client.fail(`visit.create: ${visit.ref} is ${visit.status}, expected checked_in`);
      const uid = pool.find((u) => !inUse.has(u));
      if (!uid) return client.fail(`desk ${deskNo}: the card pool is empty`);
      inUse.add(uid);
      const id = visit.id;
      const issued = await client.call<VisitView>('visit.card', 'POST', `/api/visits/${id}/card`, { cookie, body: { source: 'pool', uid } });
      if (!issued) return;
      visits.cardsIssued++;
      await tap('visitor.tap', 'lobby-1', uid, true);
      await tap('visitor.tap', `lift-f${host.floor}`, uid, true);
      agenda.at(
        clock.now() + between(random, 60_000, 240_000),
        async () => {
          const byCard = random() < 0.5;
          const out = byCard
            ? await client.call<{ closed: boolean }>('visit.check-out-by-card', 'POST', '/api/visits/check-out-by-card', { cookie, body: { uid } })
            : await client.call<{ closed: boolean }>('visit.check-out', 'POST', `/api/visits/${id}/check-out`, { cookie });
          if (!out) return;
          visits.deskCheckOuts++;
          if (out.closed === holdsDocument) client.fail(`visit.check-out: visit ${id} closed=${out.closed} with a document held=${holdsDocument}`);
          if (holdsDocument && (await client.call('visit.return-document', 'POST', `/api/visits/${id}/return-document`, { cookie }))) visits.documentsReturned++;
          // The card stops opening doors at once.
          await tap('visitor.tap', 'lobby-6', uid, false);
          inUse.delete(uid);
        },
        true,
      );
    };
    agenda.every(() => between(random, 20_000, 60_000), arrive);
    return agenda.run();
  };

  // ---- the security desk
  const security = (station: Station) => {
    const random = rng(seedOf(opts.seed, station.name));
    const agenda = new Agenda(clock);
    const cookie = station.cookie as string;
    agenda.every(() => between(random, 10_000, 20_000), async () => void (await client.call('visit.board', 'GET', '/api/visits/board', { cookie })));
    agenda.every(() => between(random, 30_000, 60_000), async () => void (await client.call('visit.search', 'GET', '/api/visits?status=checked_in&limit=100', { cookie })));
    agenda.every(() => between(random, 30_000, 60_000), async () => void (await client.call('card.search', 'GET', `/api/cards?q=${pick(random, building.cards).uid.slice(0, 8)}&limit=50`, { cookie })));
    return agenda.run();
  };

  // ---- self-service kiosks
  const kiosk = (station: Station) => {
    const random = rng(seedOf(opts.seed, station.name));
    const agenda = new Agenda(clock);
    const token = station.token;
    const signature = `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 600 }, (_, i) => i % 251)]).toString('base64')}`;
    agenda.every(() => between(random, 240_000, 360_000), async () => void (await client.call('kiosk.info', 'GET', '/api/kiosk/info?locale=vi', { token })), 0);
    agenda.every(
      () => between(random, 45_000, 120_000),
      async () => {
        const n = visitorSeq++;
        const q = pick(random, building.unitCodes);
        const hosts = await client.call<KioskHostList>('kiosk.hosts', 'GET', `/api/kiosk/hosts?q=${encodeURIComponent(q)}`, { token });
        if (!hosts) return;
        const host = hosts.items[0];
        if (!host) return client.fail(`kiosk.hosts: no host for unit ${q}`);
        const body = {
          locale: pick(random, ['vi', 'vi', 'en', 'zh'] as const),
          fullName: nameOf(n),
          purpose: pick(random, ['service', 'delivery', 'contractor'] as const),
          host: { [`${host.kind}Id`]: host.id },
          rulesAccepted: true,
          signature,
        };
        const receipt = await client.call<KioskReceipt>('kiosk.check-in', 'POST', '/api/kiosk/check-in', { token, body });
        if (!receipt) return;
        visits.kioskCheckIns++;
        if (receipt.status !== 'checked_in') return client.fail(`kiosk.check-in: ${receipt.ref} is ${receipt.status}, expected checked_in`);
        agenda.at(
          clock.now() + between(random, 60_000, 240_000),
          async () => {
            const out = await client.call<{ closed: boolean }>('kiosk.check-out', 'POST', '/api/kiosk/check-out', { token, body: { ref: `FGV:${receipt.ref}` } });
            if (!out) return;
            visits.kioskCheckOuts++;
            if (!out.closed) client.fail(`kiosk.check-out: ${receipt.ref} not closed`);
          },
          true,
        );
      },
    );
    return agenda.run();
  };

  // ---- sampling: RSS from /proc, heap and event-loop delay from /api/health
  const samples: Sample[] = [];
  let lastHealth: Health | undefined;
  const sample = async () => {
    const health = await client.call<Health>('health', 'GET', '/api/health');
    if (!health) return;
    lastHealth = health;
    const rss = rssOf(gateway.pid) ?? health.runtime.rssBytes;
    samples.push({ t: round(clock.now() / 1000, 1), rssMb: round(rss / 2 ** 20), heapUsedMb: round(health.runtime.heapUsedBytes / 2 ** 20), dbMb: round(health.database.sizeBytes / 2 ** 20), lagP99Ms: health.runtime.eventLoopDelayMs.recent.p99 });
  };
  const sampler = async () => {
    for (let next = 0; !clock.stopped; next += opts.sampleMs) {
      await clock.sleepUntil(next);
      if (clock.stopped) break;
      await sample();
    }
  };

  // ---- go
  const subscriptions = await Promise.all(building.stations.map((s) => client.subscribe(s.name, s.kind === 'kiosk' ? { token: s.token } : { cookie: s.cookie as string })));
  const stations = building.stations;
  let deskNo = 0;
  const actors = [
    ...building.readers.map(doorReader),
    ...stations.map((s) => (s.kind === 'desk' ? desk(s, ++deskNo) : s.kind === 'security' ? security(s) : kiosk(s))),
    sampler(),
  ];
  const progress = setInterval(() => opts.say(`${Math.round(clock.now() / 1000)} s: ${taps.sent} taps, ${visits.deskCheckIns + visits.kioskCheckIns} visitors, ${client.errorCount} errors, RSS ${samples.at(-1)?.rssMb ?? '?'} MB`), 60_000);
  progress.unref();
  const end = setTimeout(() => clock.stop(), durationMs);
  await Promise.all(actors);
  clearTimeout(end);
  clearInterval(progress);
  const trafficSeconds = round(clock.now() / 1000, 1);
  await sample();

  // End of day: every visitor has left, so nobody is waiting or on site.
  const guard = stations.find((s) => s.kind === 'security')?.cookie ?? building.adminCookie;
  const board = await client.call<VisitBoard>('visit.board', 'GET', '/api/visits/board', { cookie: guard });
  if (board) {
    visits.onSiteAtEnd = board.onSite.length + board.waiting.length;
    if (visits.onSiteAtEnd > 0) client.fail(`end of day: ${visits.onSiteAtEnd} visitors still on the board`);
  }
  // Let the last events reach the streams before they close.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const subscription of subscriptions) subscription.close();
  const gatewayExitCode = await gateway.stop();
  if (gatewayExitCode !== 0) client.fail(`the gateway exited with ${gatewayExitCode} on SIGTERM`);

  // Memory: the slope over the second half of the traffic, after the warm-up.
  const half = trafficSeconds / 2;
  const late = samples.filter((s) => s.t >= half);
  const first = samples[0];
  const last = samples.at(-1);
  const lag = lastHealth?.runtime.eventLoopDelayMs;
  const requests = client.figures();
  return {
    options: { durationMs, seed: opts.seed, pace, building: opts.building, sampleMs: opts.sampleMs },
    building: {
      people: building.cards.length,
      readers: building.readers.length,
      controllers: building.controllerTokens.length,
      stations: { desk: stations.filter((s) => s.kind === 'desk').length, security: stations.filter((s) => s.kind === 'security').length, kiosk: stations.filter((s) => s.kind === 'kiosk').length },
    },
    seedSeconds: opts.seedSeconds,
    trafficSeconds,
    requests,
    totalRequests: Object.values(requests).reduce((s, k) => s + k.count, 0),
    taps,
    visits,
    events: { subscribers: subscriptions.length, received: Object.fromEntries([...client.wsEvents].sort(([a], [b]) => a.localeCompare(b))) },
    errors: { count: client.errorCount + gateway.log.errors, first: [...client.errors] },
    gatewayLog: gateway.log,
    gatewayExitCode,
    memory: {
      rssStartMb: first?.rssMb ?? 0,
      rssEndMb: last?.rssMb ?? 0,
      rssMaxMb: Math.max(0, ...samples.map((s) => s.rssMb)),
      rssSlopeMbPerMin: round(slope(late.map((s) => ({ x: minutes(s.t * 1000), y: s.rssMb })))),
      heapStartMb: first?.heapUsedMb ?? 0,
      heapEndMb: last?.heapUsedMb ?? 0,
      heapSlopeMbPerMin: round(slope(late.map((s) => ({ x: minutes(s.t * 1000), y: s.heapUsedMb })))),
      dbStartMb: first?.dbMb ?? 0,
      dbEndMb: last?.dbMb ?? 0,
      slopeFromSeconds: round(half, 1),
    },
    lag: {
      sinceStart: lag?.sinceStart ?? { p50: 0, p99: 0, max: 0 },
      worstRecentP99: Math.max(0, ...samples.map((s) => s.lagP99Ms)),
      recentSeconds: lag?.recentSeconds ?? 0,
    },
    samples,
  };
}
