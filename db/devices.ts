import type { Selectable } from 'kysely';
import { all, first, run, type Db } from './connection.js';
import type { Schema } from './schema.js';

export interface DeviceRecord {
  id: string;
  name: string;
  driver: string;
  role: string;
  stationId: number | null;
  portPath: string | null;
  usbVid: number | null;
  usbPid: number | null;
  baudRate: number | null;
  enabled: boolean;
}

const toRecord = (r: Selectable<Schema['devices']>): DeviceRecord => ({
  id: r.id,
  name: r.name,
  driver: r.driver,
  role: r.role,
  stationId: r.station_id,
  portPath: r.port_path,
  usbVid: r.usb_vid,
  usbPid: r.usb_pid,
  baudRate: r.baud_rate,
  enabled: r.enabled === 1,
});

const columns = (d: DeviceRecord) => ({
  name: d.name,
  driver: d.driver,
  role: d.role,
  station_id: d.stationId,
  port_path: d.portPath,
  usb_vid: d.usbVid,
  usb_pid: d.usbPid,
  baud_rate: d.baudRate,
  enabled: d.enabled ? 1 : 0,
});

export function listDevices(db: Db): DeviceRecord[] {
  return all(db, db.k.selectFrom('devices').selectAll().orderBy('id')).map(toRecord);
}

export function getDevice(db: Db, id: string): DeviceRecord | undefined {
  const row = first(db, db.k.selectFrom('devices').selectAll().where('id', '=', id));
  return row && toRecord(row);
}

export function insertDevice(db: Db, device: DeviceRecord, now: number): void {
  run(db, db.k.insertInto('devices').values({ id: device.id, ...columns(device), options: '{}', created_at: now, updated_at: now }));
}

export function updateDevice(db: Db, device: DeviceRecord, now: number): boolean {
  return run(db, db.k.updateTable('devices').set({ ...columns(device), updated_at: now }).where('id', '=', device.id)).changes > 0;
}

export function deleteDevice(db: Db, id: string): boolean {
  return run(db, db.k.deleteFrom('devices').where('id', '=', id)).changes > 0;
}
