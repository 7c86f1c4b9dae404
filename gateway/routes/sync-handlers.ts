/** The Sync screen's endpoints (gateway/contract/endpoints.ts: syncStatus … retrySync). */
import type { SyncService } from '../sync/service.js';
import { upstreamOpenApi } from '../sync/upstream-openapi.js';
import { VERSION } from '../version.js';
import type { Handler } from './handlers.js';

export interface SyncHandlerDeps {
  sync: SyncService;
}

type SyncEndpoint = 'syncStatus' | 'listDeadLetters' | 'resendDeadLetter' | 'resendAllDeadLetters' | 'discardDeadLetter' | 'retrySync' | 'upstreamOpenApi';

export function syncHandlers(deps: SyncHandlerDeps): { [N in SyncEndpoint]: Handler<N> } {
  return {
    syncStatus: () => deps.sync.status(),
    listDeadLetters: ({ ctx, query }) => deps.sync.deadLetters(ctx, query),
    resendDeadLetter: ({ ctx, params }) => deps.sync.resend(ctx, params.id),
    resendAllDeadLetters: ({ ctx }) => deps.sync.resend(ctx, null),
    discardDeadLetter: ({ ctx, params, body }) => deps.sync.discard(ctx, params.id, body.reason),
    retrySync: ({ ctx }) => deps.sync.retry(ctx),
    upstreamOpenApi: () => upstreamOpenApi(VERSION),
  };
}
