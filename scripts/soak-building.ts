/**
 * The building of a soak run, seeded through the gateway's own API as an administrator would: offices on floors 1–5,
 * apartments above, one card per person (a few suspended), zones with 50 door readers behind 5 IP controllers, and
 * 10 stations (desks, a security desk, self-service kiosks) paired with one-time codes. Deterministic for a seed.
 */
import type { SoakClient } from './soak-client.js';

/** A small deterministic generator (mulberry32); one per actor, so each actor's choices do not depend on timing. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const seedOf = (seed: number, name: string) => [...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, seed ^ 2166136261);
export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quốc', 'Thu', 'Ngọc', 'Hữu', 'Đức', 'Thanh', 'Gia'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Vy', 'Yến'];
/** The i-th of 4,320 distinct Vietnamese names. */
export const nameOf = (i: number) => `${FAMILY[i % FAMILY.length]} ${MIDDLE[Math.floor(i / FAMILY.length) % MIDDLE.length]} ${GIVEN[Math.floor(i / (FAMILY.length * MIDDLE.length)) % GIVEN.length]}`;
/** Family names without diacritics, as the desk types them into the visit log search. */
export const SEARCH_TERMS = ['nguyen', 'tran', 'le van', 'pham thi', 'hoang', 'vu minh', 'dang', 'bui', 'do quoc', 'ngo'];

export const PASSWORD = 'soak-password-1';
export const OFFICE_FLOORS = 5;
export const FLOORS = 20;
const uid = (base: number, i: number) => (base + i).toString(16).toUpperCase().padStart(10, '0');
/** A card nobody registered (denied as unknown). */
export const unknownUid = (i: number) => uid(0x5f00000000, i);
/** The desk pool of visitor cards, per desk. */
export const poolUid = (desk: number, i: number) => uid(0xd000000000 + desk * 0x10000, i);

export interface Card {
  uid: string;
  kind: 'resident' | 'staff';
  floor: number;
  active: boolean;
}
export type ZoneKind = 'lobby' | 'car_park' | 'gym' | 'floor';
export interface Reader {
  id: string;
  zone: ZoneKind;
  floor: number | null;
  /** The controller (index) that asks for this reader's decisions. */
  controller: number;
}
export interface Host {
  personId?: number;
  companyId?: number;
  floor: number;
  label: string;
}
export interface Station {
  name: string;
  kind: 'desk' | 'security' | 'kiosk';
  token: string;
  /** Staff stations: the session of the user signed in there. */
  cookie?: string;
}
export interface Building {
  cards: Card[];
  readers: Reader[];
  controllerTokens: string[];
  residents: Host[];
  companies: Host[];
  unitCodes: string[];
  stations: Station[];
  adminCookie: string;
}

export type BuildingSize = 'full' | 'small';
const SIZES = {
  /** 160 residents in 120 apartments, 60 staff of 10 companies. */
  full: { apartmentsPerFloor: 8, companiesPerFloor: 2, staffPerCompany: 6 },
  /** For the short run in the test suite: 40 residents, 10 staff. */
  small: { apartmentsPerFloor: 2, companiesPerFloor: 1, staffPerCompany: 2 },
};

/** Runs `work` over `items`, `width` at a time. */
async function inPool<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index] as T, index);
      }
    }),
  );
}

/** 50 readers: lobby turnstiles, car park barriers, gym doors, a lift reader per floor, stair doors on 18 floors. */
function readerPlan(): Omit<Reader, 'controller'>[] {
  const plan: Omit<Reader, 'controller'>[] = [];
  for (let i = 1; i <= 6; i++) plan.push({ id: `lobby-${i}`, zone: 'lobby', floor: null });
  for (let i = 1; i <= 4; i++) plan.push({ id: `car-park-${i}`, zone: 'car_park', floor: null });
  for (let i = 1; i <= 2; i++) plan.push({ id: `gym-${i}`, zone: 'gym', floor: null });
  for (let f = 1; f <= FLOORS; f++) plan.push({ id: `lift-f${f}`, zone: 'floor', floor: f });
  for (let f = 1; f <= 18; f++) plan.push({ id: `stairs-f${f}`, zone: 'floor', floor: f });
  return plan;
}

export async function seedBuilding(client: SoakClient, size: BuildingSize): Promise<Building> {
  const shape = SIZES[size];
  const fail = (what: string): never => {
    throw new Error(`seeding the building failed at ${what}: ${client.errors.at(-1) ?? ''}`);
  };
  type WithId = { id: number };
  const first = await fetch(`${client.base}/api/setup/admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'soak.admin', displayName: 'Quản trị', password: PASSWORD }),
  });
  const adminCookie = first.headers.get('set-cookie')?.split(';')[0] ?? fail(`the first admin (${first.status})`);
  const admin = <T>(method: string, path: string, body?: unknown) => client.call<T>('seed', method, path, { cookie: adminCookie, ...(body !== undefined && { body }) });

  // Zones, a 24/7 schedule, groups: residents also use the car park and the gym; office staff the car park.
  const zone = async (code: string, name: string, kind: string, floor: number | null = null) =>
    ((await admin<WithId>('POST', '/api/access/zones', { code, name, kind, floor })) ?? fail(`zone ${code}`)).id;
  const zones = { lobby: await zone('LOBBY', 'Sảnh', 'common'), car_park: await zone('CARPARK', 'Hầm xe', 'car_park'), gym: await zone('GYM', 'Phòng gym', 'door') };
  const floorZones = new Map<number, number>();
  for (let f = 1; f <= FLOORS; f++) floorZones.set(f, await zone(`F${String(f).padStart(2, '0')}`, `Tầng ${f}`, 'floor', f));
  const allWeek = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '24:00' }));
  const schedule = ((await admin<WithId>('POST', '/api/access/schedules', { name: '24/7', intervals: allWeek, openOnHolidays: true })) ?? fail('schedule')).id;
  const group = async (name: string, zoneIds: number[]) => ((await admin<WithId>('POST', '/api/access/groups', { name, rules: zoneIds.map((zoneId) => ({ zoneId, scheduleId: schedule })) })) ?? fail(name)).id;
  const residentsGroup = await group('Cư dân: hầm xe, gym', [zones.car_park, zones.gym]);
  const staffGroup = await group('Văn phòng: sảnh, hầm xe', [zones.lobby, zones.car_park]);

  const controllerTokens: string[] = [];
  for (let c = 1; c <= 5; c++) controllerTokens.push((await admin<{ token: string }>('POST', '/api/access/controllers', { name: `Bộ điều khiển ${c}` }))?.token ?? fail('controller'));
  const readers = readerPlan().map((r, i) => ({ ...r, controller: i % controllerTokens.length }));
  await inPool(readers, 4, async (r) => {
    const zoneId = r.zone === 'floor' ? floorZones.get(r.floor ?? 0) : zones[r.zone];
    await admin('PUT', `/api/access/readers/${r.id}`, { id: r.id, name: r.id, zoneId, direction: r.id === 'lobby-6' || r.id === 'car-park-4' ? 'out' : 'in' });
  });

  // Directory: companies on the office floors, apartments above; one card per person.
  const companies: Host[] = [];
  const residents: Host[] = [];
  const unitCodes: string[] = [];
  const people: { kind: 'resident' | 'staff'; floor: number; unitId: number; companyId: number | null }[] = [];
  for (let f = 1; f <= OFFICE_FLOORS; f++) {
    for (let c = 1; c <= shape.companiesPerFloor; c++) {
      const code = `B-${String(f).padStart(2, '0')}${String(c).padStart(2, '0')}`;
      const unit = (await admin<WithId>('POST', '/api/units', { code, kind: 'office', floor: f })) ?? fail(code);
      const label = `Công ty ${pick(rng(f * 100 + c), ['TNHH', 'CP'])} ${GIVEN[(f * 7 + c) % GIVEN.length]} ${code}`;
      const company = (await admin<WithId>('POST', '/api/companies', { name: label, unitId: unit.id })) ?? fail(label);
      companies.push({ companyId: company.id, floor: f, label });
      unitCodes.push(code);
      for (let s = 0; s < shape.staffPerCompany; s++) people.push({ kind: 'staff', floor: f, unitId: unit.id, companyId: company.id });
    }
  }
  const apartments: { code: string; floor: number }[] = [];
  for (let f = OFFICE_FLOORS + 1; f <= FLOORS; f++) for (let a = 1; a <= shape.apartmentsPerFloor; a++) apartments.push({ code: `A-${f}${String(a).padStart(2, '0')}`, floor: f });
  // One at a time, so unit ids (and all that follows) are the same in every run.
  for (const [i, { code, floor }] of apartments.entries()) {
    const unit = (await admin<WithId>('POST', '/api/units', { code, kind: 'apartment', floor })) ?? fail(code);
    unitCodes.push(code);
    for (let r = 0; r < (i % 3 === 0 ? 2 : 1); r++) people.push({ kind: 'resident', floor, unitId: unit.id, companyId: null });
  }

  const residentAt: (Host | undefined)[] = [];
  const cards: Card[] = people.map((p, i) => ({ uid: uid(0x3a00000000, i), kind: p.kind, floor: p.floor, active: i % 20 !== 7 }));
  await inPool(people, 4, async (p, i) => {
    const card = cards[i] as Card;
    const fullName = nameOf(i * 7);
    const person = p.kind === 'staff'
      ? await admin<WithId>('POST', '/api/people', { kind: 'staff', fullName, companyId: p.companyId })
      : await admin<WithId>('POST', '/api/people', { kind: 'resident', fullName, units: [{ unitId: p.unitId, relation: i % 2 ? 'resident' : 'owner' }] });
    if (!person) return fail(`person ${fullName}`);
    if (p.kind === 'resident') residentAt[i] = { personId: person.id, floor: p.floor, label: fullName };
    const registered = (await admin<WithId>('POST', '/api/cards', { uid: card.uid, technology: 'em4100' })) ?? fail(`card ${card.uid}`);
    const activate =
      p.kind === 'resident'
        ? { holderKind: 'resident', personId: person.id, unitId: p.unitId, accessGroupIds: [residentsGroup] }
        : { holderKind: 'staff', personId: person.id, accessGroupIds: [staffGroup], zoneIds: [floorZones.get(p.floor)] };
    await admin('POST', `/api/cards/${registered.id}/activate`, activate);
    if (!card.active) await admin('POST', `/api/cards/${registered.id}/status`, { action: 'suspend', reason: 'mất thẻ, chờ xác minh' });
  });
  residents.push(...residentAt.filter((h) => h !== undefined));

  // Stations: three reception desks, a security desk, six kiosks; staff sign in at their station.
  const stations: Station[] = [];
  const plan: { name: string; kind: Station['kind']; user?: { username: string; role: string } }[] = [
    ...[1, 2, 3].map((d) => ({ name: `Quầy lễ tân ${d}`, kind: 'desk' as const, user: { username: `le.tan.${d}`, role: 'receptionist' } })),
    { name: 'Bàn bảo vệ', kind: 'security', user: { username: 'bao.ve', role: 'security' } },
    ...[1, 2, 3, 4, 5, 6].map((k) => ({ name: `Kiosk sảnh ${k}`, kind: 'kiosk' as const })),
  ];
  for (const s of plan) {
    const { code } = (await admin<{ code: string }>('POST', '/api/stations', { name: s.name, kind: s.kind })) ?? fail(s.name);
    const { token } = (await client.call<{ token: string }>('seed', 'POST', '/api/stations/pair', { body: { code } })) ?? fail(`pairing ${s.name}`);
    const station: Station = { name: s.name, kind: s.kind, token };
    if (s.user) {
      await admin('POST', '/api/users', { username: s.user.username, displayName: s.user.username, role: s.user.role, password: PASSWORD });
      station.cookie = (await client.login(s.user.username, PASSWORD, token)) ?? fail(`sign-in at ${s.name}`);
    }
    stations.push(station);
  }
  if (client.errorCount > 0) fail('the seed');
  return { cards, readers, controllerTokens, residents, companies, unitCodes, stations, adminCookie };
}
