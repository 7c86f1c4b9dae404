/**
 * The main-process side of the preload bridge. Every handler checks its sender (top frame on the gateway origin,
 * through the guard) and its arguments (zod) before it runs; a refused call rejects with KioskIpcError.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { z } from 'zod';
import type {
  KioskIpc,
  KioskIpcChannel,
  KioskPrintOptions,
  KioskPrintResult,
  KioskPrinter,
} from '../gateway/contract/kiosk-bridge.js';
import type { Clock, Logger } from './clock.js';
import { isTrustedSender, type IpcSender } from './guard.js';
import type { KioskExitGate } from './kiosk-pin.js';
import { toKioskPrinters } from './printers.js';

export const KioskPrintOptionsSchema = z.strictObject({
  silent: z.boolean(),
  deviceName: z.string().min(1).max(256).optional(),
});

/** Argument tuples of every channel; a channel missing here fails to compile. */
export const KIOSK_IPC_ARGS = {
  'frontgate:print': z.tuple([KioskPrintOptionsSchema]),
  'frontgate:list-printers': z.tuple([]),
  'frontgate:kiosk-exit': z.tuple([z.string().min(1).max(64)]),
} as const satisfies KioskIpcArgSchemas;

type KioskIpcArgSchemas = { [C in KioskIpcChannel]: z.ZodType<KioskIpc[C]['args']> };
const argSchemas: KioskIpcArgSchemas = KIOSK_IPC_ARGS;

export class KioskIpcError extends Error {
  constructor(readonly code: 'forbidden' | 'invalid-arguments') {
    super(code);
    this.name = 'KioskIpcError';
  }
}

/** The sender's WebContents as the handlers use it. */
export type BridgeSender = Pick<WebContents, 'print' | 'getPrintersAsync'>;

export type KioskIpcHandlers = {
  [C in KioskIpcChannel]: (sender: BridgeSender, ...args: KioskIpc[C]['args']) => Promise<KioskIpc[C]['result']>;
};

export type GuardedEvent = IpcSender & { sender: BridgeSender };

/** Wraps one handler with the sender and argument checks. Exposed for tests; `registerKioskIpc` uses it. */
export function guardHandler<C extends KioskIpcChannel>(
  channel: C,
  handler: KioskIpcHandlers[C],
  gatewayOrigin: string,
  logger: Logger,
): (event: GuardedEvent, ...args: unknown[]) => Promise<KioskIpc[C]['result']> {
  const schema = argSchemas[channel];
  return async (event, ...args) => {
    if (!isTrustedSender(event, gatewayOrigin)) {
      logger.warn('ipc refused: untrusted sender', { channel, url: event.senderFrame?.url ?? null });
      throw new KioskIpcError('forbidden');
    }
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      logger.warn('ipc refused: invalid arguments', { channel, issues: parsed.error.issues.map((i) => i.message) });
      throw new KioskIpcError('invalid-arguments');
    }
    const call = handler as (sender: BridgeSender, ...a: KioskIpc[C]['args']) => Promise<KioskIpc[C]['result']>;
    return call(event.sender, ...parsed.data);
  };
}

export function registerKioskIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: KioskIpcHandlers,
  gatewayOrigin: string,
  logger: Logger,
): void {
  for (const channel of Object.keys(KIOSK_IPC_ARGS) as KioskIpcChannel[]) {
    const guarded = guardHandler(channel, handlers[channel], gatewayOrigin, logger);
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => guarded(event, ...args));
  }
}

export type KioskIpcDeps = {
  exitGate: Pick<KioskExitGate, 'check'>;
  defaultPrinterName: () => Promise<string | undefined>;
  /** Quits the shell after a correct exit PIN. */
  quit: () => void;
  clock: Clock;
  logger: Logger;
};

function printWith(sender: BridgeSender, options: KioskPrintOptions): Promise<KioskPrintResult> {
  return new Promise((resolve) => {
    const printOptions = { silent: options.silent, printBackground: true, ...(options.deviceName ? { deviceName: options.deviceName } : {}) };
    sender.print(printOptions, (success, failureReason) => {
      if (success) resolve({ ok: true });
      else resolve({ error: failureReason === 'cancelled' ? 'cancelled' : 'failed' });
    });
  });
}

export function createKioskIpcHandlers(deps: KioskIpcDeps): KioskIpcHandlers {
  const listPrinters = async (sender: BridgeSender): Promise<KioskPrinter[]> =>
    toKioskPrinters(await sender.getPrintersAsync(), await deps.defaultPrinterName());
  return {
    'frontgate:list-printers': listPrinters,
    'frontgate:print': async (sender, options) => {
      if (options.deviceName !== undefined) {
        const known = (await sender.getPrintersAsync()).some((printer) => printer.name === options.deviceName);
        if (!known) return { error: 'unknown-printer' };
      }
      const result = await printWith(sender, options);
      if ('error' in result) deps.logger.warn('print failed', { error: result.error, deviceName: options.deviceName });
      return result;
    },
    'frontgate:kiosk-exit': async (_sender, pin) => {
      const result = await deps.exitGate.check(pin);
      if ('ok' in result) {
        deps.logger.info('kiosk exit with PIN');
        // Reply first, then quit.
        deps.clock.schedule(100, deps.quit);
      } else {
        deps.logger.warn('kiosk exit refused', { reason: result.error });
      }
      return result;
    },
  };
}
