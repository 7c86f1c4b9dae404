/** Device configuration: every change audited, then the device manager restarts the devices from the database. */
import { writeAudit } from '../../db/audit.js';
import { transaction } from '../../db/connection.js';
import * as devices from '../../db/devices.js';
import { unlinkDevice } from '../../db/access-config.js';
import { getStation } from '../../db/stations.js';
import type { Config } from '../config.js';
import type { DeviceData, DeviceDriver, DeviceRole, DeviceView, SimulateAction } from '../contract/index.js';
import type { Ctx } from '../context.js';
import { DeviceCommandError, type DeviceManager } from '../devices/manager.js';
import { ApiError, fieldError, notFound } from '../errors.js';
import type { CredentialRequest, CredentialResult } from '../../drivers/pn532/encoder.js';

export function configuredDevices(ctx: Pick<Ctx, 'db'>): DeviceData[] {
  return devices.listDevices(ctx.db).map((d) => ({ ...d, driver: d.driver as DeviceDriver, role: d.role as DeviceRole }));
}

/** Device errors → the API's translated error codes. */
export function deviceApiError(error: unknown): unknown {
  if (!(error instanceof DeviceCommandError)) return error;
  const map = {
    unknown_device: [404, 'device_unknown'],
    not_simulated: [409, 'device_not_simulated'],
    wrong_device: [409, 'device_wrong_kind'],
    not_connected: [409, 'device_not_connected'],
    timeout: [408, 'device_timeout'],
    unsupported: [409, 'device_action_unsupported'],
    encode_failed: [502, 'card_encode_failed'],
  } as const;
  const [status, code] = map[error.code];
  return new ApiError(status, code, error.message, undefined, error.cause_ ? { reason: error.cause_ } : undefined);
}

export class DeviceService {
  constructor(
    private readonly manager: DeviceManager,
    private readonly config: Pick<Config, 'simulateDevices'>,
  ) {}

  /** Starts (or restarts) the devices configured in the database, or the demo set. */
  reload(ctx: Pick<Ctx, 'db'>): Promise<void> {
    return this.manager.apply(configuredDevices(ctx), this.config.simulateDevices);
  }

  list(ctx: Ctx): { mode: 'none' | 'simulated' | 'configured'; items: DeviceView[] } {
    return { mode: this.manager.mode, items: this.manager.list(configuredDevices(ctx)) };
  }

  #view(ctx: Ctx, id: string): DeviceView {
    const view = this.manager.list(configuredDevices(ctx)).find((d) => d.id === id);
    if (!view) throw notFound('device');
    return view;
  }

  #check(ctx: Ctx, input: DeviceData) {
    if (input.stationId !== null && !getStation(ctx.db, input.stationId)) throw fieldError(['stationId'], 'unknown_station', `station ${input.stationId} does not exist`);
    if (input.portPath?.startsWith('sim:')) throw fieldError(['portPath'], 'reserved', 'sim: paths belong to the demo devices');
  }

  async create(ctx: Ctx, input: DeviceData): Promise<DeviceView> {
    const now = ctx.clock.now();
    transaction(ctx.db, () => {
      if (devices.getDevice(ctx.db, input.id)) throw new ApiError(409, 'conflict', `device ${input.id} exists`, [{ path: ['id'], code: 'duplicate', message: 'duplicate' }]);
      this.#check(ctx, input);
      devices.insertDevice(ctx.db, input, now);
      writeAudit(ctx.db, ctx.actor, now, { action: 'device.create', entity: 'device', entityId: input.id, after: input });
    });
    await this.reload(ctx);
    return this.#view(ctx, input.id);
  }

  async update(ctx: Ctx, id: string, input: DeviceData): Promise<DeviceView> {
    const now = ctx.clock.now();
    if (input.id !== id) throw fieldError(['id'], 'immutable', 'a device id cannot change; delete and add it again');
    transaction(ctx.db, () => {
      const before = devices.getDevice(ctx.db, id);
      if (!before) throw notFound('device');
      this.#check(ctx, input);
      devices.updateDevice(ctx.db, input, now);
      writeAudit(ctx.db, ctx.actor, now, { action: 'device.update', entity: 'device', entityId: id, before, after: input });
    });
    await this.reload(ctx);
    return this.#view(ctx, id);
  }

  async remove(ctx: Ctx, id: string): Promise<{ ok: true }> {
    const now = ctx.clock.now();
    transaction(ctx.db, () => {
      const before = devices.getDevice(ctx.db, id);
      if (!before) throw notFound('device');
      devices.deleteDevice(ctx.db, id);
      unlinkDevice(ctx.db, id);
      writeAudit(ctx.db, ctx.actor, now, { action: 'device.delete', entity: 'device', entityId: id, before });
    });
    await this.reload(ctx);
    return { ok: true };
  }

  simulate(id: string, action: SimulateAction): { ok: true } {
    try {
      this.manager.simulate(id, action);
    } catch (error) {
      throw deviceApiError(error);
    }
    return { ok: true };
  }

  async readCard(ctx: Ctx, id: string, timeoutMs: number) {
    try {
      const card = await this.manager.readCard(id, timeoutMs);
      const config = this.manager.list(configuredDevices(ctx)).find((d) => d.id === id);
      return { deviceId: id, role: config?.role ?? 'desk_reader', stationId: config?.stationId ?? null, uid: card.uid, technology: card.technology, ...(card.details && { details: card.details }) };
    } catch (error) {
      throw deviceApiError(error);
    }
  }

  /** Writes a credential on a PN532 encoder; device failures become translated API errors. */
  async encodeCard(id: string, request: CredentialRequest): Promise<CredentialResult> {
    try {
      return await this.manager.encodeCard(id, request);
    } catch (error) {
      throw deviceApiError(error);
    }
  }

  running(id: string): boolean {
    return this.manager.has(id);
  }

  test(id: string) {
    return this.manager.test(id);
  }
}
