import type { IpcMain, PrinterInfo, WebContentsPrintOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { KioskExitResult, KioskIpcChannel } from '../../gateway/contract/kiosk-bridge.js';
import {
  KIOSK_IPC_ARGS,
  KioskIpcError,
  createKioskIpcHandlers,
  guardHandler,
  registerKioskIpc,
  type BridgeSender,
  type GuardedEvent,
} from '../../electron/ipc.js';
import { ManualClock, MemoryLogger } from './fakes.js';

const GATEWAY = 'http://127.0.0.1:4820';

const PRINTERS = [
  { name: 'Zebra_ZD421', displayName: 'Zebra ZD421 (badges)', description: '', options: {} },
  { name: 'HP_LaserJet', displayName: 'HP LaserJet', description: '', options: {} },
] as PrinterInfo[];

class FakeSender implements BridgeSender {
  readonly printed: WebContentsPrintOptions[] = [];
  constructor(private readonly outcome: { success: boolean; failureReason: string } = { success: true, failureReason: '' }) {}
  async getPrintersAsync(): Promise<PrinterInfo[]> {
    return PRINTERS;
  }
  print(options?: WebContentsPrintOptions, callback?: (success: boolean, failureReason: string) => void): void {
    this.printed.push(options ?? {});
    callback?.(this.outcome.success, this.outcome.failureReason);
  }
}

function eventFrom(url: string | null, sender: BridgeSender = new FakeSender(), parent: unknown = null): GuardedEvent {
  return { senderFrame: url === null ? null : { url, parent }, sender };
}

function setup(exitResult: KioskExitResult = { ok: true }) {
  const clock = new ManualClock();
  const logger = new MemoryLogger();
  const pins: string[] = [];
  let quits = 0;
  const handlers = createKioskIpcHandlers({
    exitGate: { check: async (pin) => (pins.push(pin), exitResult) },
    defaultPrinterName: async () => 'HP_LaserJet',
    quit: () => (quits += 1),
    clock,
    logger,
  });
  return { handlers, clock, logger, pins, quits: () => quits };
}

describe('guardHandler: sender validation', () => {
  const { handlers, logger } = setup();
  const listPrinters = guardHandler('frontgate:list-printers', handlers['frontgate:list-printers'], GATEWAY, logger);

  it('answers the top frame of a gateway page', async () => {
    await expect(listPrinters(eventFrom(`${GATEWAY}/reception`))).resolves.toHaveLength(2);
  });

  it.each([
    ['another origin', eventFrom('https://evil.com/')],
    ['a userinfo trick', eventFrom('http://127.0.0.1:4820@evil.com/')],
    ['a file: page', eventFrom('file:///tmp/x.html')],
    ['a data: page', eventFrom('data:text/html,hi')],
    ['a subframe of the gateway', eventFrom(`${GATEWAY}/`, new FakeSender(), { url: `${GATEWAY}/` })],
    ['a destroyed frame', eventFrom(null)],
  ])('refuses %s with KioskIpcError(forbidden)', async (_name, event) => {
    const error = await listPrinters(event).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KioskIpcError);
    expect((error as KioskIpcError).code).toBe('forbidden');
  });

  it('never runs the handler for a refused sender', async () => {
    const sender = new FakeSender();
    const print = guardHandler('frontgate:print', handlers['frontgate:print'], GATEWAY, logger);
    await expect(print(eventFrom('https://evil.com/', sender), { silent: true })).rejects.toThrow('forbidden');
    expect(sender.printed).toEqual([]);
  });
});

describe('guardHandler: argument validation', () => {
  const { handlers, logger, pins } = setup();
  const print = guardHandler('frontgate:print', handlers['frontgate:print'], GATEWAY, logger);
  const exit = guardHandler('frontgate:kiosk-exit', handlers['frontgate:kiosk-exit'], GATEWAY, logger);
  const list = guardHandler('frontgate:list-printers', handlers['frontgate:list-printers'], GATEWAY, logger);
  const trusted = () => eventFrom(`${GATEWAY}/`);

  it.each([
    ['no options', []],
    ['null options', [null]],
    ['silent as a string', [{ silent: 'true' }]],
    ['an empty printer name', [{ silent: true, deviceName: '' }]],
    ['a very long printer name', [{ silent: true, deviceName: 'x'.repeat(300) }]],
    ['unknown option keys', [{ silent: true, pageRanges: [{ from: 0, to: 1000 }] }]],
    ['a prototype-polluting key', [JSON.parse('{"silent":true,"__proto__":{"x":1}}')]],
    ['extra arguments', [{ silent: true }, 'extra']],
  ])('print refuses %s', async (_name, args) => {
    await expect(print(trusted(), ...(args as unknown[]))).rejects.toMatchObject({ code: 'invalid-arguments' });
  });

  it.each([
    ['no PIN', []],
    ['a number', [2468]],
    ['an empty PIN', ['']],
    ['a huge PIN', ['9'.repeat(65)]],
    ['an object', [{ toString: () => '2468' }]],
  ])('kiosk exit refuses %s without checking it', async (_name, args) => {
    await expect(exit(trusted(), ...(args as unknown[]))).rejects.toMatchObject({ code: 'invalid-arguments' });
    expect(pins).toEqual([]);
  });

  it('list-printers refuses arguments', async () => {
    await expect(list(trusted(), 'x')).rejects.toMatchObject({ code: 'invalid-arguments' });
  });

  it('passes valid arguments through', async () => {
    await expect(print(trusted(), { silent: true, deviceName: 'Zebra_ZD421' })).resolves.toEqual({ ok: true });
    await expect(exit(trusted(), '2468')).resolves.toEqual({ ok: true });
    expect(pins).toEqual(['2468']);
  });
});

describe('kiosk IPC handlers', () => {
  it('lists printers with the OS default marked', async () => {
    const { handlers } = setup();
    expect(await handlers['frontgate:list-printers'](new FakeSender())).toEqual([
      { name: 'Zebra_ZD421', displayName: 'Zebra ZD421 (badges)', isDefault: false },
      { name: 'HP_LaserJet', displayName: 'HP LaserJet', isDefault: true },
    ]);
  });

  it('prints silently to a known printer, with backgrounds', async () => {
    const { handlers } = setup();
    const sender = new FakeSender();
    expect(await handlers['frontgate:print'](sender, { silent: true, deviceName: 'Zebra_ZD421' })).toEqual({ ok: true });
    expect(sender.printed).toEqual([{ silent: true, printBackground: true, deviceName: 'Zebra_ZD421' }]);
  });

  it('refuses an unknown printer without printing', async () => {
    const { handlers } = setup();
    const sender = new FakeSender();
    expect(await handlers['frontgate:print'](sender, { silent: true, deviceName: 'Nope' })).toEqual({ error: 'unknown-printer' });
    expect(sender.printed).toEqual([]);
  });

  it('maps print failures to values', async () => {
    const { handlers, logger } = setup();
    expect(await handlers['frontgate:print'](new FakeSender({ success: false, failureReason: 'cancelled' }), { silent: false })).toEqual({ error: 'cancelled' });
    expect(await handlers['frontgate:print'](new FakeSender({ success: false, failureReason: 'failed' }), { silent: true })).toEqual({ error: 'failed' });
    expect(logger.messages('warn')).toEqual(['print failed', 'print failed']);
  });

  it('quits shortly after a correct exit PIN, so the reply goes out first', async () => {
    const { handlers, clock, quits } = setup({ ok: true });
    expect(await handlers['frontgate:kiosk-exit'](new FakeSender(), '2468')).toEqual({ ok: true });
    expect(quits()).toBe(0);
    await clock.advance(100);
    expect(quits()).toBe(1);
  });

  it('does not quit on a wrong PIN', async () => {
    const { handlers, clock, quits } = setup({ error: 'wrong-pin' });
    expect(await handlers['frontgate:kiosk-exit'](new FakeSender(), '0000')).toEqual({ error: 'wrong-pin' });
    await clock.advance(10_000);
    expect(quits()).toBe(0);
  });
});

describe('registerKioskIpc', () => {
  it('registers exactly the contract channels, each behind the guard', async () => {
    const registered = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
    const ipcMain = { handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => registered.set(channel, fn) };
    const { handlers, logger } = setup();
    registerKioskIpc(ipcMain as unknown as IpcMain, handlers, GATEWAY, logger);
    const channels: KioskIpcChannel[] = ['frontgate:print', 'frontgate:list-printers', 'frontgate:kiosk-exit'];
    expect([...registered.keys()].sort()).toEqual([...channels].sort());
    expect(Object.keys(KIOSK_IPC_ARGS).sort()).toEqual([...channels].sort());
    for (const fn of registered.values()) {
      await expect(fn(eventFrom('https://evil.com/'))).rejects.toMatchObject({ code: 'forbidden' });
    }
  });
});
