/** Pure helpers of the Devices screen: demo samples, USB ids, live status and activity bookkeeping. */
import { HID_DRIVERS, type DeviceDriver, type DeviceView, type GatewayEvent } from '../../contract.js';

/** Sample card UIDs, by driver, for the demo "Present card" field. */
export const SAMPLE_UIDS: Partial<Record<DeviceDriver, string>> = { em4100: '62E3086CED', 'ascii-line': '62E3086CED', pn532: 'DEADBEEF' };

/** A Vietnamese CCCD QR code of a fictional citizen (the number's century/sex/year digits agree with the fields). */
export const SAMPLE_CCCD = '001090123456|012345678|NGUYEN VAN A|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021';

/** The ICAO 9303 TD3 specimen passport MRZ (two lines of 44). */
export const SAMPLE_MRZ = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';

/** Bytes no protocol expects: the driver must drop them and keep working. */
export const GARBAGE_HEX = '02FFA55A00137E0D';

export type DemoKind = 'card' | 'id_card' | 'scanner';

/** Which demo controls a simulated device offers. */
export function demoKind(driver: DeviceDriver): DemoKind {
  switch (driver) {
    case 'em4100':
    case 'ascii-line':
    case 'pn532':
      return 'card';
    case 'cnid':
      return 'id_card';
    case 'serial-scanner':
    case 'wedge':
    case 'hid-pos':
      return 'scanner';
  }
}

export function isHidDriver(driver: DeviceDriver): boolean {
  return HID_DRIVERS.includes(driver);
}

/** A USB vendor or product id as four upper-case hex digits (1A86). */
export function usbHex(id: number | null): string {
  return id === null ? '' : id.toString(16).toUpperCase().padStart(4, '0');
}

/** Hex text from the form → the number, null when empty, or undefined when it is not 1–4 hex digits. */
export function parseUsbHex(text: string): number | null | undefined {
  const value = text.trim().replace(/^0x/i, '');
  if (value === '') return null;
  return /^[0-9a-f]{1,4}$/i.test(value) ? Number.parseInt(value, 16) : undefined;
}

/** Where the gateway finds the device: its port path, else its USB VID:PID. */
export function deviceAddress(device: Pick<DeviceView, 'portPath' | 'usbVid' | 'usbPid'>): string | null {
  if (device.portPath) return device.portPath;
  if (device.usbVid !== null && device.usbPid !== null) return `USB ${usbHex(device.usbVid)}:${usbHex(device.usbPid)}`;
  return null;
}

/** Catalog key for a document check or scan error name: "number-matches-sex" → "numberMatchesSex". */
export function catalogKey(name: string): string {
  return name.replace(/[-_ ]+([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

/**
 * Applies a live `device.status` event to the list. Returns null when the device is not in the list
 * (added or removed elsewhere): the caller reloads.
 */
export function applyStatus(items: readonly DeviceView[], update: DeviceView): DeviceView[] | null {
  const index = items.findIndex((d) => d.id === update.id);
  if (index < 0) return null;
  return items.map((d, i) => (i === index ? update : d));
}

export const ACTIVITY_TYPES = ['card.presented', 'card.removed', 'id.scanned', 'code.scanned'] as const;
export type ActivityEvent = Extract<GatewayEvent, { type: (typeof ACTIVITY_TYPES)[number] }>;
export interface ActivityEntry {
  seq: number;
  event: ActivityEvent;
}
export const MAX_ACTIVITY = 40;

export function isActivity(event: GatewayEvent): event is ActivityEvent {
  return (ACTIVITY_TYPES as readonly string[]).includes(event.type);
}

/** Newest first, at most MAX_ACTIVITY entries. */
export function addActivity(list: readonly ActivityEntry[], event: ActivityEvent, seq: number): ActivityEntry[] {
  return [{ seq, event }, ...list].slice(0, MAX_ACTIVITY);
}
