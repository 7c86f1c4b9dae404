import { readdir } from 'node:fs/promises';

/** A serial port as found on this machine. VID/PID are lowercase 4-digit hex when known. */
export interface SerialPortInfo {
  path: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  serialNumber?: string;
}

export interface HidDeviceInfo {
  path: string;
  vendorId: number;
  productId: number;
  usagePage?: number;
  usage?: number;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
}

export interface PortListing<T> {
  ports: T[];
  /** Set when the enumerator failed (e.g. `udevadm` missing) and a fallback or empty list was returned. */
  warning?: string;
}

/** A port-enumeration backend, injectable for tests. */
export interface PortLister {
  listSerial(): Promise<SerialPortInfo[]>;
  listHid(): Promise<HidDeviceInfo[]>;
}

const SERIAL_NAME = /^tty(USB|ACM|S|AMA|XRUSB|SC)\d+$/;

/** Device nodes that look like serial ports, used when `SerialPort.list()` fails (no udevadm). */
async function scanDev(): Promise<SerialPortInfo[]> {
  const names = await readdir('/dev').catch(() => [] as string[]);
  return names.filter((n) => SERIAL_NAME.test(n)).map((n) => ({ path: `/dev/${n}` }));
}

const hex4 = (v: string | undefined): string | undefined => (v ? v.toLowerCase().padStart(4, '0') : undefined);

export const systemPortLister: PortLister = Object.freeze({
  async listSerial(): Promise<SerialPortInfo[]> {
    const { SerialPort } = await import('serialport');
    const list = await SerialPort.list();
    return list.map((p) => {
      const info: SerialPortInfo = { path: p.path };
      const vid = hex4(p.vendorId);
      const pid = hex4(p.productId);
      if (vid) info.vendorId = vid;
      if (pid) info.productId = pid;
      if (p.manufacturer) info.manufacturer = p.manufacturer;
      if (p.serialNumber) info.serialNumber = p.serialNumber;
      return info;
    });
  },
  async listHid(): Promise<HidDeviceInfo[]> {
    const hid = await import('node-hid');
    const devices = await hid.devicesAsync();
    return devices
      .filter((d): d is typeof d & { path: string } => typeof d.path === 'string')
      .map((d) => {
        const info: HidDeviceInfo = { path: d.path, vendorId: d.vendorId, productId: d.productId };
        if (d.usagePage !== undefined) info.usagePage = d.usagePage;
        if (d.usage !== undefined) info.usage = d.usage;
        if (d.product) info.product = d.product;
        if (d.manufacturer) info.manufacturer = d.manufacturer;
        if (d.serialNumber) info.serialNumber = d.serialNumber;
        return info;
      });
  },
});

/** Serial ports with VID/PID. Never rejects: a missing `udevadm` falls back to scanning /dev. */
export async function listSerialPorts(lister: PortLister = systemPortLister): Promise<PortListing<SerialPortInfo>> {
  try {
    return { ports: await lister.listSerial() };
  } catch (err) {
    return { ports: await scanDev(), warning: `serial enumeration failed: ${(err as Error).message ?? String(err)}` };
  }
}

/** HID devices with VID/PID and usage page. Never rejects (no libusb / no hidraw → empty list + warning). */
export async function listHidDevices(lister: PortLister = systemPortLister): Promise<PortListing<HidDeviceInfo>> {
  try {
    return { ports: await lister.listHid() };
  } catch (err) {
    return { ports: [], warning: `HID enumeration failed: ${(err as Error).message ?? String(err)}` };
  }
}

/** What a USB fingerprint suggests. USB-serial bridge chips only say "some serial device". */
export type DeviceHint = 'usb-serial-bridge' | 'hid-keyboard' | 'hid-pos-scanner' | 'barcode-scanner-vendor';

const USB_SERIAL_BRIDGES: ReadonlySet<string> = new Set([
  '1a86:7523', // QinHeng CH340 (RDM6300 / PN532 USB boards)
  '1a86:55d4', // QinHeng CH9102
  '10c4:ea60', // Silicon Labs CP210x
  '0403:6001', // FTDI FT232R
  '0403:6015', // FTDI FT231X
  '067b:2303', // Prolific PL2303
]);

const SCANNER_VENDORS: ReadonlySet<number> = new Set([0x0c2e /* Honeywell */, 0x05e0 /* Zebra/Symbol */, 0x1eab /* Newland */]);

export function fingerprintSerial(port: SerialPortInfo): DeviceHint | undefined {
  if (port.vendorId && port.productId && USB_SERIAL_BRIDGES.has(`${port.vendorId}:${port.productId}`)) return 'usb-serial-bridge';
  return undefined;
}

export function fingerprintHid(device: HidDeviceInfo): DeviceHint | undefined {
  if (device.usagePage === 0x8c) return 'hid-pos-scanner';
  if (device.usagePage === 0x01 && device.usage === 0x06) return 'hid-keyboard';
  if (SCANNER_VENDORS.has(device.vendorId)) return 'barcode-scanner-vendor';
  return undefined;
}
