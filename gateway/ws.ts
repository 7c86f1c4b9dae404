import { iso } from './clock.js';
import type { GatewayEvent } from './contract/index.js';
import type { Auth } from './context.js';
import type { App, ServerDeps } from './server.js';
import { VERSION } from './version.js';

/** Which events a caller may receive: staff get directory changes they can read; stations only their own kind. */
export function mayReceive(auth: Auth, event: GatewayEvent): boolean {
  if (auth.kind !== 'user') return event.type === 'hello';
  switch (event.type) {
    case 'hello':
      return true;
    case 'import.progress':
      return auth.permissions.includes('imports.run');
    case 'entity.changed':
      return true;
  }
}

/** GET /api/events: the live event stream (WebSocket, subprotocol frontgate.v1). */
export function registerEventStream(app: App, deps: ServerDeps): void {
  app.get('/api/events', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const auth = request.auth;
    if (auth.kind === 'anonymous') {
      socket.close(4401, 'unauthorized');
      return;
    }
    const send = (event: GatewayEvent) => {
      if (socket.readyState === socket.OPEN && mayReceive(auth, event)) socket.send(JSON.stringify(event));
    };
    send({ type: 'hello', at: iso(deps.clock.now()), data: { version: VERSION } });
    const unsubscribe = deps.bus.subscribe(send);
    let alive = true;
    const ping = setInterval(() => {
      if (!alive) return socket.terminate();
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
    });
  });
}
