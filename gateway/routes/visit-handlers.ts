/** Endpoints of the desk's visitor flows and of the self-service kiosk. */
import type { Ctx } from '../context.js';
import type { KioskService } from '../services/kiosk.js';
import type { VisitCardIssuer } from '../services/visit-cards.js';
import { heldSlot } from '../services/visit-view.js';
import type { VisitService } from '../services/visits.js';
import type { Handlers } from './handlers.js';

type VisitEndpoint =
  | 'listVisits'
  | 'visitBoard'
  | 'getVisit'
  | 'getVisitByRef'
  | 'getVisitPhoto'
  | 'visitBadge'
  | 'createVisit'
  | 'expectVisit'
  | 'issueVisitCard'
  | 'holdDocument'
  | 'returnDocument'
  | 'hostContacted'
  | 'admitVisit'
  | 'checkOutVisit'
  | 'checkOutByCard'
  | 'cancelVisit'
  | 'overrideVisit'
  | 'getVisitSettings'
  | 'putVisitSettings'
  | 'purgeVisitorData'
  | 'kioskInfo'
  | 'kioskHosts'
  | 'kioskExpected'
  | 'kioskCheckIn'
  | 'kioskCheckOut';

export interface VisitHandlerDeps {
  visits: VisitService;
  visitCards: VisitCardIssuer;
  kiosk: KioskService;
}

export function visitHandlers({ visits, visitCards, kiosk }: VisitHandlerDeps): Pick<Handlers, VisitEndpoint> {
  const checkOutResult = (ctx: Ctx, result: ReturnType<VisitService['checkOut']>) => ({ visit: visits.view(ctx, result.visit), closed: result.closed, documentSlot: heldSlot(result.visit) });
  return {
    listVisits: ({ ctx, query }) => visits.list(ctx, query),
    visitBoard: ({ ctx }) => visits.board(ctx),
    getVisit: ({ ctx, params }) => visits.get(ctx, params.id),
    getVisitByRef: ({ ctx, params }) => visits.getByRef(ctx, params.ref),
    getVisitPhoto: ({ ctx, params }) => visits.photo(ctx, params.id),
    visitBadge: ({ ctx, params }) => visits.badge(ctx, params.id),
    createVisit: ({ ctx, body }) => visits.view(ctx, visits.register(ctx, body, { channel: 'desk' })),
    expectVisit: ({ ctx, body }) => visits.view(ctx, visits.expect(ctx, body)),
    issueVisitCard: async ({ ctx, params, body }) => visits.view(ctx, await visitCards.issue(ctx, params.id, body)),
    holdDocument: ({ ctx, params, body }) => visits.view(ctx, visits.holdDocument(ctx, params.id, body.slot)),
    returnDocument: ({ ctx, params }) => visits.view(ctx, visits.returnDocument(ctx, params.id)),
    hostContacted: ({ ctx, params }) => visits.view(ctx, visits.hostContacted(ctx, params.id)),
    admitVisit: ({ ctx, params }) => visits.view(ctx, visits.admit(ctx, params.id)),
    checkOutVisit: ({ ctx, params }) => checkOutResult(ctx, visits.checkOut(ctx, params.id)),
    checkOutByCard: ({ ctx, body }) => checkOutResult(ctx, visits.checkOut(ctx, visitCards.visitOfCard(ctx, body.uid).id)),
    cancelVisit: ({ ctx, params, body }) => visits.view(ctx, visits.cancel(ctx, params.id, body.reason)),
    overrideVisit: ({ ctx, params, body }) => visits.view(ctx, visits.override(ctx, params.id, body.reason)),
    getVisitSettings: ({ ctx }) => visits.settings(ctx),
    putVisitSettings: ({ ctx, body }) => visits.putSettings(ctx, body),
    purgeVisitorData: ({ ctx }) => visits.purge(ctx),

    kioskInfo: ({ ctx, query }) => kiosk.info(ctx, query.locale),
    kioskHosts: ({ ctx, query }) => kiosk.hosts(ctx, query.q),
    kioskExpected: ({ ctx, params }) => kiosk.expected(ctx, params.ref),
    kioskCheckIn: ({ ctx, body }) => kiosk.checkIn(ctx, body),
    kioskCheckOut: ({ ctx, body }) => kiosk.checkOut(ctx, body),
  };
}
