/**
 * Every HTTP endpoint of the gateway: method, path, schemas and who may call it.
 * The server implements exactly this table, the renderer's client is typed from it,
 * the OpenAPI document is generated from it and the role-matrix test walks it.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { GroupInput, GroupView, HolidayInput, HolidayParams, ReaderInput, ReaderParams, ReaderView, ScheduleInput, ScheduleView, ZoneInput, ZoneView } from './access.js';
import { AuditList, AuditQuery } from './audit.js';
import {
  FirstAdminRequest,
  LoginRequest,
  PairRequest,
  PairResponse,
  PairingCode,
  SessionInfo,
  StationCreate,
  StationSelf,
  StationView,
  UserCreate,
  UserUpdate,
  UserView,
} from './auth.js';
import { IdParams, Ok } from './common.js';
import { AccessDecision, BulkCardAction, BulkCardResult, UnitCardSummary, WatchlistEntry, WatchlistInput, CardActivate, CardDetail, CardList, CardListQuery, CardRegister, CardReplace, CardTransition, CardView, DecideRequest } from './cards.js';
import { CardPresentedEvent, DeviceInput, DeviceParams, DeviceTestResult, DeviceView, PortList, SimulateAction } from './devices.js';
import {
  CompanyInput,
  CompanyList,
  CompanyListQuery,
  CompanyView,
  PeopleList,
  PeopleQuery,
  PersonInput,
  PersonView,
  UnitInput,
  UnitList,
  UnitListQuery,
  UnitView,
} from './directory.js';
import { ImportJob, ImportParams, ImportRequest } from './imports.js';
import type { Permission } from './roles.js';
import { Health, Site, SiteUpdate } from './site.js';
import { DeadLetterDiscard, DeadLetterList, DeadLetterParams, DeadLetterQuery, SyncActionResult, SyncStatus } from './sync.js';
import {
  CheckOutByCard,
  CheckOutResult,
  CustodyInput,
  KioskCheckIn,
  KioskCheckOut,
  KioskCheckOutResult,
  KioskExpected,
  KioskHostList,
  KioskHostQuery,
  KioskInfo,
  KioskInfoQuery,
  KioskReceipt,
  PurgeResult,
  RefParams,
  VisitBadge,
  VisitBoard,
  VisitCardRequest,
  VisitCreate,
  VisitExpect,
  VisitList,
  VisitListQuery,
  VisitPhoto,
  VisitReason,
  VisitSettings,
  VisitView,
} from './visits.js';

/**
 * public: anyone on the LAN; session: any signed-in staff user; station: a paired station token
 * (kiosk self-service); controller: an IP door controller's token; a permission: staff users whose role (or grants)
 * include it.
 */
export type Access = 'public' | 'session' | 'station' | 'controller' | { permission: Permission };

export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** Status on success; 200 unless stated. */
  status?: 200 | 201 | 202;
  bodyLimit?: number;
  /**
   * Rate limited per client address: `true` for endpoints that guess at secrets (passwords, pairing codes),
   * `'kiosk'` for the self-service kiosk (a looser limit: a visitor types and taps).
   */
  rateLimited?: true | 'kiosk';
}

const perm = (permission: Permission): Access => ({ permission });
const list = <T extends z.ZodType>(item: T) => lazySchema(() => z.object({ items: z.array(item) }));

export const endpoints = {
  getSite: { method: 'GET', path: '/api/site', summary: 'Site name, language and first-run state', access: 'public', response: Site },
  updateSite: { method: 'PUT', path: '/api/site', summary: 'Change site settings', access: perm('site.manage'), body: SiteUpdate, response: Site },
  health: { method: 'GET', path: '/api/health', summary: 'Version, database, devices and sync state', access: 'public', response: Health },

  setupAdmin: { method: 'POST', path: '/api/setup/admin', summary: 'Create the first admin (only while no user exists)', access: 'public', body: FirstAdminRequest, response: SessionInfo, status: 201, rateLimited: true },
  login: { method: 'POST', path: '/api/auth/login', summary: 'Sign in with username and password', access: 'public', body: LoginRequest, response: SessionInfo, rateLimited: true },
  logout: { method: 'POST', path: '/api/auth/logout', summary: 'Sign out', access: 'session', response: Ok },
  me: { method: 'GET', path: '/api/auth/me', summary: 'The signed-in user and permissions', access: 'session', response: SessionInfo },

  pairStation: { method: 'POST', path: '/api/stations/pair', summary: 'Pair a station with a one-time code', access: 'public', body: PairRequest, response: PairResponse, rateLimited: true },
  stationSelf: { method: 'GET', path: '/api/station/me', summary: 'The station this token belongs to', access: 'station', response: StationSelf },
  listStations: { method: 'GET', path: '/api/stations', summary: 'List stations', access: perm('stations.manage'), response: list(StationView) },
  createStation: { method: 'POST', path: '/api/stations', summary: 'Create a station and its pairing code', access: perm('stations.manage'), body: StationCreate, response: PairingCode, status: 201 },
  newPairingCode: { method: 'POST', path: '/api/stations/:id/pairing-code', summary: 'Issue a new pairing code (unpairs the station)', access: perm('stations.manage'), params: IdParams, response: PairingCode },
  revokeStation: { method: 'POST', path: '/api/stations/:id/revoke', summary: 'Revoke a station token', access: perm('stations.manage'), params: IdParams, response: StationView },

  listUsers: { method: 'GET', path: '/api/users', summary: 'List staff accounts', access: perm('users.manage'), response: list(UserView) },
  createUser: { method: 'POST', path: '/api/users', summary: 'Create a staff account', access: perm('users.manage'), body: UserCreate, response: UserView, status: 201 },
  updateUser: { method: 'PUT', path: '/api/users/:id', summary: 'Change a staff account', access: perm('users.manage'), params: IdParams, body: UserUpdate, response: UserView },
  unlockUser: { method: 'POST', path: '/api/users/:id/unlock', summary: 'Lift a login lockout', access: perm('users.manage'), params: IdParams, response: UserView },

  listUnits: { method: 'GET', path: '/api/units', summary: 'Search units', access: perm('units.read'), query: UnitListQuery, response: UnitList },
  getUnit: { method: 'GET', path: '/api/units/:id', summary: 'One unit', access: perm('units.read'), params: IdParams, response: UnitView },
  createUnit: { method: 'POST', path: '/api/units', summary: 'Create a unit', access: perm('units.write'), body: UnitInput, response: UnitView, status: 201 },
  updateUnit: { method: 'PUT', path: '/api/units/:id', summary: 'Change a unit', access: perm('units.write'), params: IdParams, body: UnitInput, response: UnitView },
  deleteUnit: { method: 'DELETE', path: '/api/units/:id', summary: 'Delete a unit without people', access: perm('units.write'), params: IdParams, response: Ok },

  listCompanies: { method: 'GET', path: '/api/companies', summary: 'Search companies', access: perm('companies.read'), query: CompanyListQuery, response: CompanyList },
  getCompany: { method: 'GET', path: '/api/companies/:id', summary: 'One company', access: perm('companies.read'), params: IdParams, response: CompanyView },
  createCompany: { method: 'POST', path: '/api/companies', summary: 'Create a company', access: perm('companies.write'), body: CompanyInput, response: CompanyView, status: 201 },
  updateCompany: { method: 'PUT', path: '/api/companies/:id', summary: 'Change a company', access: perm('companies.write'), params: IdParams, body: CompanyInput, response: CompanyView },
  deleteCompany: { method: 'DELETE', path: '/api/companies/:id', summary: 'Delete a company without people', access: perm('companies.write'), params: IdParams, response: Ok },

  listPeople: { method: 'GET', path: '/api/people', summary: 'Search residents, tenants, staff (diacritic-insensitive)', access: perm('people.read'), query: PeopleQuery, response: PeopleList },
  getPerson: { method: 'GET', path: '/api/people/:id', summary: 'One person; contact data only with people.contact (audited)', access: perm('people.read'), params: IdParams, response: PersonView },
  createPerson: { method: 'POST', path: '/api/people', summary: 'Add a person', access: perm('people.write'), body: PersonInput, response: PersonView, status: 201 },
  updatePerson: { method: 'PUT', path: '/api/people/:id', summary: 'Change a person', access: perm('people.write'), params: IdParams, body: PersonInput, response: PersonView },
  deletePerson: { method: 'DELETE', path: '/api/people/:id', summary: 'Remove a person from the directory', access: perm('people.write'), params: IdParams, response: Ok },

  startImport: { method: 'POST', path: '/api/imports', summary: 'Import units or people from CSV (all rows or none)', access: perm('imports.run'), body: ImportRequest, response: ImportJob, status: 202, bodyLimit: 16 * 1024 * 1024 },
  getImport: { method: 'GET', path: '/api/imports/:id', summary: 'Progress and row errors of an import', access: perm('imports.run'), params: ImportParams, response: ImportJob },

  listDevices: { method: 'GET', path: '/api/devices', summary: 'Devices with their health (simulated ones in demo mode)', access: 'session', response: lazySchema(() => z.object({ mode: z.enum(['none', 'simulated', 'configured']), items: z.array(DeviceView) })) },
  listPorts: { method: 'GET', path: '/api/devices/ports', summary: 'Serial ports and HID devices on this PC, with suggested drivers', access: perm('devices.manage'), response: PortList },
  createDevice: { method: 'POST', path: '/api/devices', summary: 'Configure a device', access: perm('devices.manage'), body: DeviceInput, response: DeviceView, status: 201 },
  updateDevice: { method: 'PUT', path: '/api/devices/:id', summary: 'Change a device', access: perm('devices.manage'), params: DeviceParams, body: DeviceInput, response: DeviceView },
  deleteDevice: { method: 'DELETE', path: '/api/devices/:id', summary: 'Remove a device', access: perm('devices.manage'), params: DeviceParams, response: Ok },
  testDevice: { method: 'POST', path: '/api/devices/:id/test', summary: 'Check that a device answers', access: perm('devices.manage'), params: DeviceParams, response: DeviceTestResult },
  simulateDevice: { method: 'POST', path: '/api/devices/:id/simulate', summary: 'Demo mode: present a card or an ID, or scan a code, on a simulated device', access: 'session', params: DeviceParams, body: SimulateAction, response: Ok },
  readCard: { method: 'POST', path: '/api/devices/:id/read-card', summary: 'Wait for the next card on a reader', access: 'session', params: DeviceParams, body: lazySchema(() => z.object({ timeoutMs: z.number().int().min(500).max(60_000).default(15_000) })), response: CardPresentedEvent },

  listCards: { method: 'GET', path: '/api/cards', summary: 'Search cards by UID, holder, unit or status', access: perm('cards.read'), query: CardListQuery, response: CardList },
  getCard: { method: 'GET', path: '/api/cards/:id', summary: 'One card with its history', access: perm('cards.read'), params: IdParams, response: CardDetail },
  registerCard: { method: 'POST', path: '/api/cards', summary: 'Register a blank card into stock', access: perm('cards.manage'), body: CardRegister, response: CardView, status: 201 },
  activateCard: { method: 'POST', path: '/api/cards/:id/activate', summary: 'Give a card to a holder with access groups, zones and validity', access: perm('cards.manage'), params: IdParams, body: CardActivate, response: CardView },
  changeCardStatus: { method: 'POST', path: '/api/cards/:id/status', summary: 'Suspend, resume, revoke, mark lost, return or restock a card, with a reason', access: perm('cards.manage'), params: IdParams, body: CardTransition, response: CardView },
  replaceCard: { method: 'POST', path: '/api/cards/:id/replace', summary: 'Mark a card lost and issue a replacement with the same holder and access', access: perm('cards.manage'), params: IdParams, body: CardReplace, response: lazySchema(() => z.object({ old: CardView, replacement: CardView })) },
  bulkCardAction: { method: 'POST', path: '/api/cards/bulk', summary: 'Apply one action to many cards; preview first', access: perm('cards.manage'), body: BulkCardAction, response: BulkCardResult },
  unitCardSummary: { method: 'GET', path: '/api/cards/by-unit', summary: 'Active cards per unit against the free quota', access: perm('cards.read'), response: list(UnitCardSummary) },
  listWatchlist: { method: 'GET', path: '/api/watchlist', summary: 'The building block list', access: perm('cards.manage'), response: list(WatchlistEntry) },
  addWatchlist: { method: 'POST', path: '/api/watchlist', summary: 'Add a person to the block list (name and/or ID number)', access: perm('cards.manage'), body: WatchlistInput, response: WatchlistEntry, status: 201 },
  removeWatchlist: { method: 'POST', path: '/api/watchlist/:id/deactivate', summary: 'Take a person off the block list', access: perm('cards.manage'), params: IdParams, response: WatchlistEntry },
  decide: { method: 'POST', path: '/api/access/decide', summary: 'Door controller: grant or deny a card at a reader', access: 'controller', body: DecideRequest, response: AccessDecision },
  listControllers: { method: 'GET', path: '/api/access/controllers', summary: 'IP door controllers', access: perm('access.manage'), response: lazySchema(() => list(z.object({ id: z.number().int(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() }))) },
  createController: { method: 'POST', path: '/api/access/controllers', summary: 'Add a door controller; its token is shown once', access: perm('access.manage'), body: lazySchema(() => z.object({ name: z.string().trim().min(1).max(80) })), response: lazySchema(() => z.object({ id: z.number().int(), name: z.string(), token: z.string() })), status: 201 },
  revokeController: { method: 'POST', path: '/api/access/controllers/:id/revoke', summary: 'Revoke a door controller token', access: perm('access.manage'), params: IdParams, response: Ok },

  listZones: { method: 'GET', path: '/api/access/zones', summary: 'Zones: doors, lift floors, car park, common areas', access: perm('cards.read'), response: list(ZoneView) },
  createZone: { method: 'POST', path: '/api/access/zones', summary: 'Add a zone', access: perm('access.manage'), body: ZoneInput, response: ZoneView, status: 201 },
  updateZone: { method: 'PUT', path: '/api/access/zones/:id', summary: 'Change a zone', access: perm('access.manage'), params: IdParams, body: ZoneInput, response: ZoneView },
  listReaders: { method: 'GET', path: '/api/access/readers', summary: 'Door readers and the zone each opens', access: perm('cards.read'), response: list(ReaderView) },
  putReader: { method: 'PUT', path: '/api/access/readers/:id', summary: 'Add or change a door reader', access: perm('access.manage'), params: ReaderParams, body: ReaderInput, response: ReaderView },
  deleteReader: { method: 'DELETE', path: '/api/access/readers/:id', summary: 'Remove a door reader', access: perm('access.manage'), params: ReaderParams, response: Ok },
  listSchedules: { method: 'GET', path: '/api/access/schedules', summary: 'Weekly time schedules', access: perm('cards.read'), response: list(ScheduleView) },
  createSchedule: { method: 'POST', path: '/api/access/schedules', summary: 'Add a weekly schedule', access: perm('access.manage'), body: ScheduleInput, response: ScheduleView, status: 201 },
  updateSchedule: { method: 'PUT', path: '/api/access/schedules/:id', summary: 'Change a weekly schedule', access: perm('access.manage'), params: IdParams, body: ScheduleInput, response: ScheduleView },
  listHolidays: { method: 'GET', path: '/api/access/holidays', summary: 'Holiday calendar', access: perm('cards.read'), response: list(HolidayInput) },
  putHoliday: { method: 'PUT', path: '/api/access/holidays/:date', summary: 'Add or rename a holiday', access: perm('access.manage'), params: HolidayParams, body: HolidayInput, response: HolidayInput },
  deleteHoliday: { method: 'DELETE', path: '/api/access/holidays/:date', summary: 'Remove a holiday', access: perm('access.manage'), params: HolidayParams, response: Ok },
  listGroups: { method: 'GET', path: '/api/access/groups', summary: 'Access groups: zones × schedules', access: perm('cards.read'), response: list(GroupView) },
  createGroup: { method: 'POST', path: '/api/access/groups', summary: 'Add an access group', access: perm('access.manage'), body: GroupInput, response: GroupView, status: 201 },
  updateGroup: { method: 'PUT', path: '/api/access/groups/:id', summary: 'Change an access group (applies to the next tap)', access: perm('access.manage'), params: IdParams, body: GroupInput, response: GroupView },

  listVisits: { method: 'GET', path: '/api/visits', summary: 'Visit log: by name (with or without diacritics), ID number, host, purpose, status, dates', access: perm('visits.read'), query: VisitListQuery, response: VisitList },
  visitBoard: { method: 'GET', path: '/api/visits/board', summary: 'Waiting, on site now (evacuation list) and expected today', access: perm('visits.read'), response: VisitBoard },
  getVisit: { method: 'GET', path: '/api/visits/:id', summary: 'One visit', access: perm('visits.read'), params: IdParams, response: VisitView },
  getVisitByRef: { method: 'GET', path: '/api/visits/ref/:ref', summary: 'The visit of a badge or pre-registration QR code', access: perm('visits.read'), params: RefParams, response: VisitView },
  getVisitPhoto: { method: 'GET', path: '/api/visits/:id/photo', summary: 'Photo and kiosk signature of a visitor (audited)', access: perm('visits.read'), params: IdParams, response: VisitPhoto },
  visitBadge: { method: 'GET', path: '/api/visits/:id/badge', summary: 'What the printed badge shows, with its QR code', access: perm('visits.read'), params: IdParams, response: VisitBadge },
  createVisit: { method: 'POST', path: '/api/visits', summary: 'Register a visitor at the desk (watchlist checked)', access: perm('visits.manage'), body: VisitCreate, response: VisitView, status: 201, bodyLimit: 2 * 1024 * 1024 },
  expectVisit: { method: 'POST', path: '/api/visits/expected', summary: 'Pre-register an expected visitor; the reference goes into a QR code', access: perm('visits.manage'), body: VisitExpect, response: VisitView, status: 201 },
  issueVisitCard: { method: 'POST', path: '/api/visits/:id/card', summary: 'Issue a pool card or encode a blank one, active for the visit floors until its end', access: perm('visits.manage'), params: IdParams, body: VisitCardRequest, response: VisitView },
  holdDocument: { method: 'POST', path: '/api/visits/:id/custody', summary: 'Record that the desk holds the ID document (slot or tray)', access: perm('visits.manage'), params: IdParams, body: CustodyInput, response: VisitView },
  returnDocument: { method: 'POST', path: '/api/visits/:id/return-document', summary: 'Hand the held ID document back (closes a visit waiting for it)', access: perm('visits.manage'), params: IdParams, response: VisitView },
  hostContacted: { method: 'POST', path: '/api/visits/:id/host-contacted', summary: 'Business visitor: the desk has called the host', access: perm('visits.manage'), params: IdParams, response: VisitView },
  admitVisit: { method: 'POST', path: '/api/visits/:id/admit', summary: 'Business visitor: escorted or admitted', access: perm('visits.manage'), params: IdParams, response: VisitView },
  checkOutVisit: { method: 'POST', path: '/api/visits/:id/check-out', summary: 'Check a visitor out: card deactivated at once, visit closed once the ID document is back', access: perm('visits.manage'), params: IdParams, response: CheckOutResult },
  checkOutByCard: { method: 'POST', path: '/api/visits/check-out-by-card', summary: 'Check out the visit of a card tapped on the desk reader', access: perm('visits.manage'), body: CheckOutByCard, response: CheckOutResult },
  cancelVisit: { method: 'POST', path: '/api/visits/:id/cancel', summary: 'Cancel an expected, waiting or stopped visit', access: perm('visits.manage'), params: IdParams, body: VisitReason, response: VisitView },
  overrideVisit: { method: 'POST', path: '/api/visits/:id/override', summary: 'Security lets a visitor stopped by the watchlist continue', access: perm('visits.override'), params: IdParams, body: VisitReason, response: VisitView },
  getVisitSettings: { method: 'GET', path: '/api/visits/settings', summary: 'Retention, default visit length and building rules', access: perm('visits.read'), response: VisitSettings },
  putVisitSettings: { method: 'PUT', path: '/api/visits/settings', summary: 'Change retention, default visit length and building rules', access: perm('site.manage'), body: VisitSettings, response: VisitSettings },
  purgeVisitorData: { method: 'POST', path: '/api/visits/purge', summary: 'Run the retention purge now (it also runs daily)', access: perm('site.manage'), response: PurgeResult },

  kioskInfo: { method: 'GET', path: '/api/kiosk/info', summary: 'Self-service kiosk: building rules and what this kiosk can do', access: 'station', query: KioskInfoQuery, response: KioskInfo },
  kioskHosts: { method: 'GET', path: '/api/kiosk/hosts', summary: 'Self-service kiosk: find whom to visit (names and unit codes only, no contact data)', access: 'station', query: KioskHostQuery, response: KioskHostList, rateLimited: 'kiosk' },
  kioskExpected: { method: 'GET', path: '/api/kiosk/expected/:ref', summary: 'Self-service kiosk: the name and host of an invitation QR (expected visits only)', access: 'station', params: RefParams, response: KioskExpected, rateLimited: 'kiosk' },
  kioskCheckIn: { method: 'POST', path: '/api/kiosk/check-in', summary: 'Self-service kiosk: sign in, accept the rules, get a QR badge', access: 'station', body: KioskCheckIn, response: KioskReceipt, status: 201, bodyLimit: 2 * 1024 * 1024, rateLimited: 'kiosk' },
  kioskCheckOut: { method: 'POST', path: '/api/kiosk/check-out', summary: 'Self-service kiosk: sign out with the QR badge or the card', access: 'station', body: KioskCheckOut, response: KioskCheckOutResult, rateLimited: 'kiosk' },

  listAudit: { method: 'GET', path: '/api/audit', summary: 'Audit log', access: perm('audit.read'), query: AuditQuery, response: AuditList },

  syncStatus: { method: 'GET', path: '/api/sync/status', summary: 'Upstream sync: state, queue, last success and error, dead letters, commands', access: perm('sync.read'), response: SyncStatus },
  listDeadLetters: { method: 'GET', path: '/api/sync/dead-letters', summary: 'Events upstream refused, oldest first', access: perm('sync.read'), query: DeadLetterQuery, response: DeadLetterList },
  resendDeadLetter: { method: 'POST', path: '/api/sync/dead-letters/:id/resend', summary: 'Put a dead letter back into the queue', access: perm('sync.manage'), params: DeadLetterParams, response: SyncActionResult },
  resendAllDeadLetters: { method: 'POST', path: '/api/sync/dead-letters/resend', summary: 'Put every dead letter back into the queue', access: perm('sync.manage'), response: SyncActionResult },
  discardDeadLetter: { method: 'POST', path: '/api/sync/dead-letters/:id/discard', summary: 'Never send a dead letter; releases later events of its aggregate', access: perm('sync.manage'), params: DeadLetterParams, body: DeadLetterDiscard, response: SyncActionResult },
  retrySync: { method: 'POST', path: '/api/sync/retry', summary: 'Retry upstream now (after an outage or an auth error was fixed)', access: perm('sync.manage'), response: SyncStatus },
  upstreamOpenApi: { method: 'GET', path: '/api/sync/upstream-openapi.json', summary: 'OpenAPI document of the upstream side (what a central office implements)', access: 'public', response: lazySchema(() => z.record(z.string(), z.unknown())) },
} as const satisfies Record<string, Endpoint>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type In<S> = S extends z.ZodType ? z.input<S> : undefined;
export type ResponseOf<N extends EndpointName> = z.output<Endpoints[N]['response']>;
export type BodyOf<N extends EndpointName> = Endpoints[N] extends { body: infer B } ? In<B> : undefined;
export type ParsedBodyOf<N extends EndpointName> = Endpoints[N] extends { body: infer B } ? Out<B> : undefined;
export type ParamsOf<N extends EndpointName> = Endpoints[N] extends { params: infer P } ? In<P> : undefined;
export type ParsedParamsOf<N extends EndpointName> = Endpoints[N] extends { params: infer P } ? Out<P> : undefined;
export type QueryOf<N extends EndpointName> = Endpoints[N] extends { query: infer Q } ? In<Q> : undefined;
export type ParsedQueryOf<N extends EndpointName> = Endpoints[N] extends { query: infer Q } ? Out<Q> : undefined;

/** Fills `:name` segments of a path. */
export function buildPath(path: string, params: Record<string, string | number> | undefined): string {
  return path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}
