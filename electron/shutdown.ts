/**
 * Quitting the shell: mark the window keeper, stop the gateway child, and force the exit if anything (a page's
 * beforeunload, a stuck child) holds the quit longer than the grace period.
 */
import type { App } from 'electron';
import type { Cancel, Clock, Logger } from './clock.js';

export type ShutdownOptions = {
  app: Pick<App, 'on' | 'exit' | 'quit'>;
  clock: Clock;
  logger: Logger;
  /** Stop accepting window recreation. */
  markQuitting: () => void;
  /** Stop the gateway child, when the shell started one. */
  stopGateway?: () => Promise<void>;
  graceMs?: number;
};

export function installShutdown(options: ShutdownOptions): void {
  const { app, clock, logger } = options;
  const graceMs = options.graceMs ?? 15_000;
  let cancelForce: Cancel | null = null;
  let gatewayStopped = options.stopGateway === undefined;
  let stoppingGateway = false;

  const beginQuit = () => {
    options.markQuitting();
    cancelForce ??= clock.schedule(graceMs, () => {
      logger.error('quit took too long; forcing exit', { graceMs });
      app.exit(0);
    });
  };

  app.on('before-quit', beginQuit);
  // The keeper recreates closed windows; all windows closed outside a quit is not a reason to quit.
  app.on('window-all-closed', () => undefined);
  app.on('will-quit', (event) => {
    if (gatewayStopped || options.stopGateway === undefined) {
      cancelForce?.();
      return;
    }
    event.preventDefault();
    if (stoppingGateway) return;
    stoppingGateway = true;
    beginQuit();
    options
      .stopGateway()
      .catch((error: unknown) => logger.error('gateway stop failed', { error: String(error) }))
      .finally(() => {
        gatewayStopped = true;
        cancelForce?.();
        app.exit(0);
      });
  });
}
