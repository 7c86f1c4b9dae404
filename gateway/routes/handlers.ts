/** The implementation of every endpoint in gateway/contract/endpoints.ts; the type forces all of them. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listAudit } from '../../db/audit.js';
import { countUsers } from '../../db/users.js';
import * as siteDb from '../../db/site.js';
import type { AuthService } from '../auth/auth-service.js';
import type { Config } from '../config.js';
import type { EndpointName, Health, ParsedBodyOf, ParsedParamsOf, ParsedQueryOf, ResponseOf, Site } from '../contract/index.js';
import { can, type Auth, type Ctx } from '../context.js';
import { unauthorized } from '../errors.js';
import { SESSION_COOKIE } from '../server.js';
import * as directory from '../services/directory.js';
import type { DeviceService } from '../services/devices.js';
import { createController, revokeControllerToken, type AccessService } from '../services/access.js';
import type { CardService } from '../services/cards.js';
import { listControllers } from '../../db/controllers.js';
import * as accessDb from '../../db/access-config.js';
import * as accessConfig from '../services/access-config.js';
import type { WatchlistService } from '../services/watchlist.js';
import { hashToken, newToken } from '../auth/secrets.js';
import { iso } from '../clock.js';
import type { ImportService } from '../services/imports.js';
import { listPorts } from '../devices/manager.js';
import * as staff from '../services/staff.js';
import { VERSION } from '../version.js';
import { stationView } from '../views.js';
import { visitHandlers, type VisitHandlerDeps } from './visit-handlers.js';
import { syncHandlers, type SyncHandlerDeps } from './sync-handlers.js';

export type Handler<N extends EndpointName> = (input: {
  ctx: Ctx;
  params: ParsedParamsOf<N>;
  query: ParsedQueryOf<N>;
  body: ParsedBodyOf<N>;
  request: FastifyRequest;
  reply: FastifyReply;
}) => ResponseOf<N> | Promise<ResponseOf<N>>;

export type Handlers = { [N in EndpointName]: Handler<N> };

export interface HandlerDeps extends VisitHandlerDeps, SyncHandlerDeps {
  authService: AuthService;
  imports: ImportService;
  devices: DeviceService;
  cards: CardService;
  watchlist: WatchlistService;
  access: AccessService;
  health: () => Health;
  config: Pick<Config, 'sessionIdleMinutes'>;
}

/** Phone and email inside audit before/after values, hidden from readers without people.contact. */
export function redactContact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactContact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, key === 'phone' || key === 'email' ? (v === null ? null : '•••') : redactContact(v)]),
  );
}

function userAuth(auth: Auth): Extract<Auth, { kind: 'user' }> {
  if (auth.kind !== 'user') throw unauthorized();
  return auth;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const setSessionCookie = (reply: FastifyReply, token: string, request: FastifyRequest) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      // A browser-session cookie: the gateway ends the session after sessionIdleMinutes of inactivity (sliding),
      // which a fixed Max-Age set at sign-in could not follow.
    });

  const site = (ctx: Ctx): Site => {
    const row = siteDb.getSite(ctx.db);
    if (!row) throw new Error('site row missing: the gateway did not initialise the database');
    return { ...row, needsSetup: countUsers(ctx.db) === 0, version: VERSION };
  };

  return {
    ...visitHandlers(deps),
    ...syncHandlers(deps),
    getSite: ({ ctx }) => site(ctx),
    updateSite: ({ ctx, body }) => {
      staff.updateSite(ctx, body);
      return site(ctx);
    },
    health: () => deps.health(),

    setupAdmin: async ({ ctx, body, request, reply }) => {
      const { token, info } = await deps.authService.setupAdmin(body, ctx.auth);
      setSessionCookie(reply, token, request);
      return info;
    },
    login: async ({ ctx, body, request, reply }) => {
      const { token, info } = await deps.authService.login(body.username, body.password, ctx.auth);
      setSessionCookie(reply, token, request);
      return info;
    },
    logout: ({ ctx, reply }) => {
      deps.authService.logout(userAuth(ctx.auth), ctx.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
    me: ({ ctx }) => deps.authService.sessionInfo(userAuth(ctx.auth)),

    pairStation: ({ body }) => {
      const { token, station } = deps.authService.pair(body.code);
      return { token, station: stationView(station) };
    },
    stationSelf: ({ ctx }) => {
      if (!ctx.auth.station) throw unauthorized();
      return { station: stationView(ctx.auth.station) };
    },
    listStations: ({ ctx }) => staff.listStations(ctx),
    createStation: ({ ctx, body }) => staff.createStation(ctx, deps.authService, body),
    newPairingCode: ({ ctx, params }) => staff.newPairingCode(ctx, deps.authService, params.id),
    revokeStation: ({ ctx, params }) => staff.revokeStation(ctx, params.id),

    listUsers: ({ ctx }) => staff.listUsers(ctx),
    createUser: ({ ctx, body }) => staff.createUser(ctx, body),
    updateUser: ({ ctx, params, body }) => staff.updateUser(ctx, params.id, body),
    unlockUser: ({ ctx, params }) => staff.unlockUser(ctx, params.id),

    listUnits: ({ ctx, query }) => directory.listUnits(ctx, query),
    getUnit: ({ ctx, params }) => directory.readUnit(ctx, params.id),
    createUnit: ({ ctx, body }) => directory.createUnit(ctx, body),
    updateUnit: ({ ctx, params, body }) => directory.updateUnit(ctx, params.id, body),
    deleteUnit: ({ ctx, params }) => directory.deleteUnit(ctx, params.id),

    listCompanies: ({ ctx, query }) => directory.listCompanies(ctx, query),
    getCompany: ({ ctx, params }) => directory.readCompany(ctx, params.id),
    createCompany: ({ ctx, body }) => directory.createCompany(ctx, body),
    updateCompany: ({ ctx, params, body }) => directory.updateCompany(ctx, params.id, body),
    deleteCompany: ({ ctx, params }) => directory.deleteCompany(ctx, params.id),

    listPeople: ({ ctx, query }) => directory.searchPeople(ctx, query),
    getPerson: ({ ctx, params }) => directory.readPerson(ctx, params.id),
    createPerson: ({ ctx, body }) => directory.createPerson(ctx, body),
    updatePerson: ({ ctx, params, body }) => directory.updatePerson(ctx, params.id, body),
    deletePerson: ({ ctx, params }) => directory.deletePerson(ctx, params.id),

    startImport: ({ ctx, body }) => deps.imports.start(ctx, body).job,
    getImport: ({ params }) => deps.imports.get(params.id),

    listDevices: ({ ctx }) => deps.devices.list(ctx),
    listPorts: () => listPorts(),
    createDevice: ({ ctx, body }) => deps.devices.create(ctx, body),
    updateDevice: ({ ctx, params, body }) => deps.devices.update(ctx, params.id, body),
    deleteDevice: ({ ctx, params }) => deps.devices.remove(ctx, params.id),
    testDevice: ({ params }) => deps.devices.test(params.id),
    simulateDevice: ({ params, body }) => deps.devices.simulate(params.id, body),
    readCard: ({ ctx, params, body }) => deps.devices.readCard(ctx, params.id, body.timeoutMs),

    listCards: ({ ctx, query }) => deps.cards.list(ctx, query),
    getCard: ({ ctx, params }) => deps.cards.get(ctx, params.id),
    registerCard: ({ ctx, body }) => deps.cards.register(ctx, body),
    activateCard: ({ ctx, params, body }) => deps.cards.activate(ctx, params.id, body),
    changeCardStatus: ({ ctx, params, body }) => deps.cards.transition(ctx, params.id, body.action, body.reason),
    replaceCard: ({ ctx, params, body }) => deps.cards.replace(ctx, params.id, body),
    bulkCardAction: ({ ctx, body }) => deps.cards.bulk(ctx, body),
    unitCardSummary: ({ ctx }) => deps.cards.unitSummary(ctx),
    listWatchlist: ({ ctx }) => deps.watchlist.list(ctx),
    addWatchlist: ({ ctx, body }) => deps.watchlist.add(ctx, body),
    removeWatchlist: ({ ctx, params }) => deps.watchlist.deactivate(ctx, params.id),
    decide: ({ body }) => deps.access.decide(body.readerId, body.uid),
    listControllers: ({ ctx }) => ({ items: listControllers(ctx.db).map((c) => ({ ...c, createdAt: iso(c.createdAt), revokedAt: iso(c.revokedAt) })) }),
    createController: ({ ctx, body }) => {
      const token = newToken('fgc');
      return createController(ctx, body.name, token, hashToken(token));
    },
    revokeController: ({ ctx, params }) => revokeControllerToken(ctx, params.id),

    listZones: ({ ctx }) => ({ items: accessDb.listZones(ctx.db) }),
    createZone: ({ ctx, body }) => accessConfig.saveZone(ctx, body),
    updateZone: ({ ctx, params, body }) => accessConfig.saveZone(ctx, body, params.id),
    listReaders: ({ ctx }) => ({ items: accessDb.listReaders(ctx.db) }),
    putReader: ({ ctx, params, body }) => accessConfig.putReader(ctx, params.id, body, (id) => deps.devices.running(id)),
    deleteReader: ({ ctx, params }) => accessConfig.deleteReader(ctx, params.id),
    listSchedules: ({ ctx }) => ({ items: accessDb.listSchedules(ctx.db) }),
    createSchedule: ({ ctx, body }) => accessConfig.saveSchedule(ctx, body),
    updateSchedule: ({ ctx, params, body }) => accessConfig.saveSchedule(ctx, body, params.id),
    listHolidays: ({ ctx }) => ({ items: accessDb.listHolidays(ctx.db) }),
    putHoliday: ({ ctx, params, body }) => accessConfig.putHoliday(ctx, params.date, body),
    deleteHoliday: ({ ctx, params }) => accessConfig.deleteHoliday(ctx, params.date),
    listGroups: ({ ctx }) => ({ items: accessDb.listGroups(ctx.db) }),
    createGroup: ({ ctx, body }) => accessConfig.saveGroup(ctx, body),
    updateGroup: ({ ctx, params, body }) => accessConfig.saveGroup(ctx, body, params.id),

    listAudit: ({ ctx, query }) => {
      const seeContact = can(ctx.auth, 'people.contact');
      const { rows, total } = listAudit(ctx.db, {
        ...query,
        from: query.from === undefined ? undefined : Date.parse(query.from),
        to: query.to === undefined ? undefined : Date.parse(query.to),
      });
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          at: new Date(r.at).toISOString(),
          actor: r.username !== null ? { userId: r.userId, username: r.username } : null,
          station: r.stationId !== null && r.stationName !== null ? { id: r.stationId, name: r.stationName } : null,
          action: r.action,
          entity: r.entity,
          entityId: r.entityId,
          before: seeContact ? r.before : redactContact(r.before),
          after: seeContact ? r.after : redactContact(r.after),
        })),
      };
    },
  };
}
