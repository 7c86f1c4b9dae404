/**
 * The device manager: opens every configured device (or, in demo mode, simulated ones over in-memory links that
 * speak the same bytes), keeps them open with reconnect and backoff, reports their health, and translates driver
 * events into the gateway's typed events at this one facade.
 */
import {
  HID_POS_USAGE_PAGE,
  HidTransport,
  Pn532Error,
  ReconnectingTransport,
  SAMPLE_CN_ID,
  SerialTransport,
  createMemoryPair,
  createSimulator,
  encodeCredential,
  fingerprintHid,
  fingerprintSerial,
  listHidDevices,
  listSerialPorts,
  parseCnId,
  systemTimers,
  DEFAULT_BAUD,
  type CardPresented,
  type ConnectionStatus,
  type CredentialRequest,
  type CredentialResult,
  type Simulator,
  type Timers,
  type Transport,
} from '../../drivers/index.js';
import { iso } from '../clock.js';
import { HID_DRIVERS, type DeviceData, type DeviceDriver, type DeviceStatus, type DeviceView, type GatewayEvent, type SimulateAction } from '../contract/index.js';
import type { EventBus } from '../events.js';
import { createAdapter, type DriverAdapter } from './adapters.js';
import { MrzLineAssembler, classifyScan, idDocumentView } from './documents.js';

export type DeviceConfig = DeviceData;

export class DeviceCommandError extends Error {
  constructor(
    readonly code: 'unknown_device' | 'not_simulated' | 'wrong_device' | 'not_connected' | 'timeout' | 'unsupported' | 'encode_failed',
    detail: string,
    readonly cause_?: string,
  ) {
    super(detail);
    this.name = 'DeviceCommandError';
  }
}

interface Managed {
  config: DeviceConfig;
  transport: ReconnectingTransport;
  adapter: DriverAdapter;
  simulator?: Simulator;
  status: DeviceStatus;
  lastSeen: number | null;
  stopStatus: () => void;
  scans: MrzLineAssembler;
}

/** Demo devices for a gateway with no hardware configured: one of each kind a reception desk has. */
export const DEMO_DEVICES: readonly DeviceConfig[] = [
  { id: 'sim-desk-reader', name: 'Desk card reader (simulated EM4100)', driver: 'em4100', role: 'desk_reader', stationId: null, portPath: 'sim:desk-reader', usbVid: null, usbPid: null, baudRate: null, enabled: true },
  { id: 'sim-encoder', name: 'Card encoder (simulated PN532)', driver: 'pn532', role: 'desk_encoder', stationId: null, portPath: 'sim:encoder', usbVid: null, usbPid: null, baudRate: null, enabled: true },
  { id: 'sim-id-reader', name: 'Chinese ID card reader (simulated)', driver: 'cnid', role: 'id_reader', stationId: null, portPath: 'sim:id-reader', usbVid: null, usbPid: null, baudRate: null, enabled: true },
  { id: 'sim-scanner', name: '2D scanner for CCCD QR / MRZ (simulated)', driver: 'serial-scanner', role: 'scanner', stationId: null, portPath: 'sim:scanner', usbVid: null, usbPid: null, baudRate: null, enabled: true },
  { id: 'sim-door-reader', name: 'Door reader (simulated EM4100)', driver: 'em4100', role: 'door_reader', stationId: null, portPath: 'sim:door-reader', usbVid: null, usbPid: null, baudRate: null, enabled: true },
];

export interface DeviceManagerOptions {
  bus: EventBus;
  clock: { now(): number };
  timers?: Timers;
  log?: (message: string, detail?: unknown) => void;
}

export class DeviceManager {
  readonly #devices = new Map<string, Managed>();
  readonly #timers: Timers;
  #simulated = false;
  /** apply() and stop() run one after another, so two reloads never open the same port twice. */
  #queue: Promise<void> = Promise.resolve();

  #serial(work: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  constructor(private readonly options: DeviceManagerOptions) {
    this.#timers = options.timers ?? systemTimers;
  }

  get mode(): 'none' | 'simulated' | 'configured' {
    return this.#devices.size === 0 ? 'none' : this.#simulated ? 'simulated' : 'configured';
  }

  /** (Re)starts the given devices: the configured ones, or the demo set when none is configured and demo is on. */
  apply(configured: DeviceConfig[], simulateWhenNone: boolean): Promise<void> {
    return this.#serial(async () => {
      await this.#stopAll();
      this.#simulated = configured.length === 0 && simulateWhenNone;
      const list = this.#simulated ? DEMO_DEVICES : configured;
      await Promise.all(list.map((config) => this.#start(config)));
    });
  }

  stop(): Promise<void> {
    return this.#serial(() => this.#stopAll());
  }

  async #stopAll(): Promise<void> {
    const all = [...this.#devices.values()];
    this.#devices.clear();
    await Promise.all(
      all.map(async (d) => {
        d.stopStatus();
        d.scans.cancel();
        await d.adapter.close().catch(() => undefined);
        await d.transport.close().catch(() => undefined);
        await d.simulator?.close().catch(() => undefined);
      }),
    );
  }

  /** Is this device id running now (configured, or a demo device in demo mode)? */
  has(id: string): boolean {
    return this.#devices.has(id);
  }

  list(configs: DeviceConfig[]): DeviceView[] {
    const shown = this.#simulated ? DEMO_DEVICES : configs;
    return shown.map((config) => ({ ...config, status: this.#devices.get(config.id)?.status ?? this.#offStatus(config) }));
  }

  #offStatus(config: DeviceConfig): DeviceStatus {
    return { state: config.enabled ? 'disconnected' : 'disabled', lastSeenAt: null, lastError: null, simulated: false };
  }

  async #start(config: DeviceConfig): Promise<void> {
    if (!config.enabled) return;
    const simulated = config.portPath?.startsWith('sim:') ?? false;
    let inner: Transport;
    let simulator: Simulator | undefined;
    if (simulated) {
      const [deviceEnd, simulatorEnd] = createMemoryPair(config.portPath ?? config.id);
      inner = deviceEnd;
      simulator = await createSimulator(config.driver, simulatorEnd, { timers: this.#timers });
    } else {
      inner = await this.#realTransport(config);
    }
    const transport = new ReconnectingTransport(inner, { initialDelayMs: 250, maxDelayMs: 5000, timers: this.#timers });
    const ref = { deviceId: config.id, role: config.role, stationId: config.stationId };
    const at = () => iso(this.options.clock.now());
    const scans = new MrzLineAssembler(
      (text) => {
        const outcome = classifyScan(text);
        if (outcome.kind === 'code') this.#publish({ type: 'code.scanned', at: at(), data: { ...ref, text: outcome.text } });
        else this.#publish({ type: 'id.scanned', at: at(), data: { ...ref, document: outcome.kind === 'document' ? outcome.document : null, error: outcome.kind === 'invalid' ? outcome.error : null } });
      },
      (fn, ms) => {
        const handle = this.#timers.setTimeout(fn, ms);
        return { cancel: () => this.#timers.clearTimeout(handle) };
      },
    );
    const managed: Managed = {
      config,
      transport,
      simulator,
      adapter: undefined as unknown as DriverAdapter,
      status: { state: 'connecting', lastSeenAt: null, lastError: null, simulated },
      lastSeen: null,
      stopStatus: () => undefined,
      scans,
    };
    const seen = () => {
      managed.lastSeen = this.options.clock.now();
      managed.status = { ...managed.status, lastSeenAt: iso(managed.lastSeen) };
    };
    managed.adapter = createAdapter(config.driver, transport, {
      cardPresented: (e) => {
        seen();
        this.#publish({ type: 'card.presented', at: at(), data: { ...ref, uid: e.uid, technology: e.technology, ...(e.details && { details: e.details }) } });
      },
      cardRemoved: (e) => {
        seen();
        this.#publish({ type: 'card.removed', at: at(), data: { ...ref, uid: e.uid } });
      },
      textScanned: (e) => {
        seen();
        scans.push(e.text);
      },
      idCardRead: ({ card }) => {
        seen();
        try {
          const document = idDocumentView(parseCnId(card.text, card.photo, card.textBytes));
          this.#publish({ type: 'id.scanned', at: at(), data: { ...ref, document, error: null } });
        } catch (error) {
          const e = error as { code?: string; detail?: string; checks?: [] };
          this.#publish({ type: 'id.scanned', at: at(), data: { ...ref, document: null, error: { code: e.code ?? 'bad-format', detail: e.detail ?? String(error), checks: e.checks ?? [] } } });
        }
      },
      fault: (detail) => {
        managed.status = { ...managed.status, lastError: detail };
      },
    }, this.#timers);
    managed.stopStatus = transport.onStatus((s) => this.#onStatus(managed, s));
    // An I/O error (EIO after an unplug, a driver fault) is health information, never an uncaught exception;
    // the reconnecting transport reopens the port by itself.
    transport.on('error', (error) => {
      managed.status = { ...managed.status, lastError: error.code };
      this.#publishStatus(managed);
    });
    this.#devices.set(config.id, managed);
    // Device classes re-initialise the hardware on every (re)open; a failed first open keeps retrying.
    transport.on('open', () => {
      if (transport.status.state === 'open') seen();
    });
    await managed.adapter.open().catch((error: unknown) => {
      managed.status = { ...managed.status, state: 'error', lastError: (error as { code?: string }).code ?? String(error) };
      this.#publishStatus(managed);
    });
  }

  async #realTransport(config: DeviceConfig): Promise<Transport> {
    const hid = HID_DRIVERS.includes(config.driver);
    let path = config.portPath;
    if (path === null && config.usbVid !== null && config.usbPid !== null) {
      const ports = hid
        ? (await listHidDevices()).ports.map((p) => ({ path: p.path, vendorId: p.vendorId, productId: p.productId, usagePage: p.usagePage }))
        : (await listSerialPorts()).ports.map((p) => ({ path: p.path, vendorId: usbId(p.vendorId), productId: usbId(p.productId), usagePage: undefined }));
      const match = ports.find((p) => p.vendorId === config.usbVid && p.productId === config.usbPid && (config.driver !== 'hid-pos' || p.usagePage === HID_POS_USAGE_PAGE));
      path = match?.path ?? `usb:${config.usbVid.toString(16).padStart(4, '0')}:${config.usbPid.toString(16).padStart(4, '0')}`;
    }
    if (hid) return new HidTransport({ path: path as string });
    return new SerialTransport({ path: path as string, baudRate: config.baudRate ?? DEFAULT_BAUD[config.driver as keyof typeof DEFAULT_BAUD] });
  }

  #onStatus(managed: Managed, status: ConnectionStatus) {
    const state: DeviceStatus['state'] = status.state === 'open' ? 'connected' : status.state === 'closed' ? 'disconnected' : status.lastError ? 'error' : 'connecting';
    const lastError = status.state === 'open' ? managed.status.lastError : (status.lastError?.code ?? managed.status.lastError);
    if (state === managed.status.state && lastError === managed.status.lastError) return;
    managed.status = { ...managed.status, state, lastError };
    this.#publishStatus(managed);
  }

  #publishStatus(managed: Managed) {
    this.#publish({ type: 'device.status', at: iso(this.options.clock.now()), data: { ...managed.config, status: managed.status } });
  }

  #publish(event: GatewayEvent) {
    this.options.bus.publish(event);
  }

  #get(id: string): Managed {
    const managed = this.#devices.get(id);
    if (!managed) throw new DeviceCommandError('unknown_device', `no running device ${id}`);
    return managed;
  }

  /** Demo mode: do to a simulated device what a person would do to a real one. */
  simulate(id: string, action: SimulateAction): void {
    const { simulator } = this.#get(id);
    if (!simulator) throw new DeviceCommandError('not_simulated', `${id} is real hardware`);
    try {
      switch (action.action) {
        case 'present':
          return simulator.presentCard(action.uid);
        case 'remove':
          return simulator.removeCard();
        case 'id_card':
          return simulator.presentIdDocument(SAMPLE_CN_ID);
        case 'scan':
          return simulator.scan(action.text);
        case 'garbage':
          return simulator.injectGarbage(Buffer.from(action.hex, 'hex'));
      }
    } catch (error) {
      throw new DeviceCommandError('unsupported', (error as Error).message);
    }
  }

  /** Waits for the next card on a reader (desk: "tap the card"). */
  readCard(id: string, timeoutMs: number): Promise<CardPresented & { deviceId: string }> {
    const managed = this.#get(id);
    if (managed.status.state !== 'connected') return Promise.reject(new DeviceCommandError('not_connected', `${id} is ${managed.status.state}`));
    return new Promise((resolve, reject) => {
      const timer = this.#timers.setTimeout(() => {
        unsubscribe();
        reject(new DeviceCommandError('timeout', `no card on ${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.options.bus.subscribe((event) => {
        // Unplugged while waiting: say so now rather than when the wait runs out.
        if (event.type === 'device.status' && event.data.id === id && event.data.status.state !== 'connected') {
          this.#timers.clearTimeout(timer);
          unsubscribe();
          reject(new DeviceCommandError('not_connected', `${id} is ${event.data.status.state}`));
          return;
        }
        if (event.type !== 'card.presented' || event.data.deviceId !== id) return;
        this.#timers.clearTimeout(timer);
        unsubscribe();
        resolve({ uid: event.data.uid, technology: event.data.technology as CardPresented['technology'], readerPath: managed.transport.path, at: Date.parse(event.at), deviceId: id, ...(event.data.details && { details: event.data.details }) });
      });
    });
  }

  /** Writes a credential to the card on a PN532 encoder and reads it back; polling pauses meanwhile. */
  async encodeCard(id: string, request: CredentialRequest): Promise<CredentialResult> {
    const managed = this.#get(id);
    const pn532 = managed.adapter.pn532;
    if (!pn532) throw new DeviceCommandError('wrong_device', `${id} is not a card encoder`);
    if (managed.status.state !== 'connected') throw new DeviceCommandError('not_connected', `${id} is ${managed.status.state}`);
    pn532.stopPolling();
    try {
      return await encodeCredential(pn532, request);
    } catch (error) {
      if (error instanceof Pn532Error) throw new DeviceCommandError('encode_failed', error.message, error.code);
      throw error;
    } finally {
      if (this.#devices.get(id) === managed) pn532.startPolling(300);
    }
  }

  /** A check a technician can run from the Devices screen. */
  async test(id: string): Promise<{ ok: boolean; detail: string }> {
    const managed = this.#devices.get(id);
    if (!managed) return { ok: false, detail: 'not running (disabled, or its port failed to open)' };
    if (managed.status.state !== 'connected') return { ok: false, detail: `${managed.status.state}${managed.status.lastError ? `: ${managed.status.lastError}` : ''}` };
    try {
      if (managed.adapter.pn532) {
        const fw = await managed.adapter.pn532.getFirmwareVersion();
        return { ok: true, detail: `PN5${fw.ic.toString(16)} firmware ${fw.version}.${fw.revision}` };
      }
      if (managed.adapter.cnid) {
        await managed.adapter.cnid.samStatus();
        return { ok: true, detail: 'SAM module answers' };
      }
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
    return { ok: true, detail: managed.lastSeen === null ? 'port open; no card or scan seen yet' : `port open; last data ${iso(managed.lastSeen)}` };
  }
}

/**
 * USB fingerprints only narrow the choice: a USB-serial bridge may carry any serial reader, so it suggests nothing;
 * a HID-POS usage page is a scanner; a keyboard-class device is a wedge reader or scanner.
 */
function suggested(hint: ReturnType<typeof fingerprintHid> | ReturnType<typeof fingerprintSerial>): DeviceDriver | null {
  if (hint === 'hid-pos-scanner') return 'hid-pos';
  if (hint === 'hid-keyboard' || hint === 'barcode-scanner-vendor') return 'wedge';
  return null;
}

/** serialport reports USB ids as hex strings ("1a86"). */
export function usbId(hex: string | undefined): number | undefined {
  return hex !== undefined && /^[0-9a-f]{1,4}$/i.test(hex) ? Number.parseInt(hex, 16) : undefined;
}

/** Serial ports and HID devices on this PC, with the driver their USB fingerprint suggests. */
export async function listPorts() {
  const [serial, hid] = await Promise.all([listSerialPorts(), listHidDevices()]);
  const warnings = [serial.warning, hid.warning].filter((w): w is string => Boolean(w));
  const ports = [
    ...serial.ports.map((p) => ({
      kind: 'serial' as const,
      path: p.path,
      vendorId: usbId(p.vendorId) ?? null,
      productId: usbId(p.productId) ?? null,
      manufacturer: p.manufacturer ?? null,
      product: null,
      suggestedDriver: suggested(fingerprintSerial(p)),
    })),
    ...hid.ports.map((p) => ({
      kind: 'hid' as const,
      path: p.path,
      vendorId: p.vendorId,
      productId: p.productId,
      manufacturer: p.manufacturer ?? null,
      product: p.product ?? null,
      suggestedDriver: suggested(fingerprintHid(p)),
    })),
  ];
  return { ports, warnings };
}
