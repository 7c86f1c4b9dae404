import { iso } from './clock.js';
import type { GatewayEvent } from './contract/index.js';
import type { Auth } from './context.js';
import { ApiError } from './errors.js';
import { SESSION_COOKIE, bearer, type App, type ServerDeps } from './server.js';
import { VERSION } from './version.js';

/** Which events a caller may receive: staff get directory changes they can read; stations only their own kind. */
export function mayReceive(auth: Auth, event: GatewayEvent): boolean {
  const staff = auth.kind === 'user' ? auth.permissions : null;
  /** A device attached to this station (the kiosk's own reader), as opposed to one elsewhere in the building. */
  const ownDevice = (stationId: number | null) => auth.kind === 'station' && stationId !== null && auth.station.id === stationId;
  switch (event.type) {
    case 'hello':
      return true;
    case 'import.progress':
      return staff?.includes('imports.run') ?? false;
    case 'entity.changed':
    case 'device.status':
      return staff !== null;
    case 'card.presented':
    case 'card.removed':
    case 'code.scanned':
      return staff !== null || ownDevice(event.data.stationId);
    case 'id.scanned':
      // Personal data: staff who may read people, and the kiosk whose own reader scanned it.
      return (staff?.includes('people.read') ?? false) || ownDevice(event.data.stationId);
    case 'card.changed':
    case 'access.decided':
      return staff?.includes('cards.read') ?? false;
    case 'visit.changed':
      return staff?.includes('visits.read') ?? false;
    case 'visit.alert':
      return (staff?.includes('visits.override') ?? false) || (staff?.includes('visits.manage') ?? false);
    default:
      return event satisfies never;
  }
}

/** GET /api/events: the live event stream (WebSocket, subprotocol frontgate.v1). */
export function registerEventStream(app: App, deps: ServerDeps): void {
  app.get('/api/events', { websocket: true, schema: { hide: true } }, (socket, request) => {
    let auth = request.auth;
    if (auth.kind === 'anonymous') {
      socket.close(4401, 'unauthorized');
      return;
    }
    // The credentials this socket was opened with are checked again whenever credentials end anywhere
    // (logout, account disabled, station revoked) and at every ping, so a stream never outlives its session.
    const sessionToken = request.cookies[SESSION_COOKIE];
    const stationToken = bearer(request);
    const recheck = () => {
      const current = deps.authService.resolve(sessionToken, stationToken);
      if (current instanceof ApiError || current.kind === 'anonymous' || current.kind !== auth.kind) {
        socket.close(4401, 'credentials ended');
        return false;
      }
      auth = current;
      return true;
    };
    const send = (event: GatewayEvent) => {
      if (socket.readyState === socket.OPEN && mayReceive(auth, event)) socket.send(JSON.stringify(event));
    };
    send({ type: 'hello', at: iso(deps.clock.now()), data: { version: VERSION } });
    const unsubscribe = deps.bus.subscribe(send);
    const stopRecheck = deps.bus.onCredentialsEnded(recheck);
    let alive = true;
    const ping = setInterval(() => {
      if (!alive) return socket.terminate();
      if (!recheck()) return;
      alive = false;
      socket.ping();
    }, 30_000);
    socket.on('pong', () => {
      alive = true;
    });
    socket.on('message', () => {
      // The stream is one-way; clients act through the HTTP API.
    });
    socket.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      stopRecheck();
    });
  });
}
