/** Card readers, encoders, ID readers and scanners attached to stations, and what they report. */
import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { Id, optionalText, requiredText } from './common.js';

export const DeviceDriver = lazySchema(() => z.enum(['em4100', 'ascii-line', 'pn532', 'cnid', 'serial-scanner', 'wedge', 'hid-pos']));
export type DeviceDriver = z.infer<typeof DeviceDriver>;
export const DeviceRole = lazySchema(() => z.enum(['desk_reader', 'desk_encoder', 'id_reader', 'door_reader', 'scanner']));
export type DeviceRole = z.infer<typeof DeviceRole>;
/** USB HID drivers are found by VID/PID; serial drivers by port path (or VID/PID of a USB-serial adapter). */
export const HID_DRIVERS: readonly DeviceDriver[] = ['wedge', 'hid-pos'];

export const DeviceId = lazySchema(() => z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { error: 'device_id' }));
const UsbId = lazySchema(() => z.coerce.number().int().min(0).max(0xffff).nullish().transform((v) => v ?? null));

export const DeviceInput = lazySchema(() =>
  z
    .object({
      id: DeviceId,
      name: requiredText(80),
      driver: DeviceDriver,
      role: DeviceRole,
      stationId: Id.nullish().transform((v) => v ?? null),
      portPath: optionalText(200),
      usbVid: UsbId,
      usbPid: UsbId,
      baudRate: z.coerce.number().int().min(1200).max(921_600).nullish().transform((v) => v ?? null),
      enabled: z.boolean().default(true),
    })
    .refine((d) => d.portPath !== null || (d.usbVid !== null && d.usbPid !== null), { path: ['portPath'], error: 'port_or_usb_id' }),
);
export type DeviceInput = z.input<typeof DeviceInput>;
export type DeviceData = z.output<typeof DeviceInput>;

export const DeviceState = lazySchema(() => z.enum(['connected', 'connecting', 'disconnected', 'error', 'disabled']));
export const DeviceStatus = lazySchema(() =>
  z.object({
    state: DeviceState,
    lastSeenAt: z.string().nullable(),
    /** Transport error code (port-not-found, port-busy, permission-denied, …) or a device error. */
    lastError: z.string().nullable(),
    simulated: z.boolean(),
  }),
);
export type DeviceStatus = z.infer<typeof DeviceStatus>;

export const DeviceView = lazySchema(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    driver: DeviceDriver,
    role: DeviceRole,
    stationId: z.number().int().nullable(),
    portPath: z.string().nullable(),
    usbVid: z.number().int().nullable(),
    usbPid: z.number().int().nullable(),
    baudRate: z.number().int().nullable(),
    enabled: z.boolean(),
    status: DeviceStatus,
  }),
);
export type DeviceView = z.infer<typeof DeviceView>;

export const PortInfo = lazySchema(() =>
  z.object({
    kind: z.enum(['serial', 'hid']),
    path: z.string(),
    vendorId: z.number().int().nullable(),
    productId: z.number().int().nullable(),
    manufacturer: z.string().nullable(),
    product: z.string().nullable(),
    /** The driver the USB fingerprint suggests, if any. */
    suggestedDriver: DeviceDriver.nullable(),
  }),
);
export const PortList = lazySchema(() => z.object({ ports: z.array(PortInfo), warnings: z.array(z.string()) }));

export const DeviceParams = lazySchema(() => z.object({ id: DeviceId }));

/** Demo mode: act on a simulated device as if a person did it. */
export const SimulateAction = lazySchema(() =>
  z.discriminatedUnion('action', [
    z.object({ action: z.literal('present'), uid: z.string().trim().toUpperCase().regex(/^[0-9A-F]{8,20}$/, { error: 'card_uid' }) }),
    z.object({ action: z.literal('remove') }),
    z.object({ action: z.literal('id_card') }),
    z.object({ action: z.literal('scan'), text: z.string().min(1).max(4000) }),
    z.object({ action: z.literal('garbage'), hex: z.string().regex(/^([0-9a-fA-F]{2}){1,256}$/) }),
  ]),
);
export type SimulateAction = z.infer<typeof SimulateAction>;

export const DeviceTestResult = lazySchema(() => z.object({ ok: z.boolean(), detail: z.string() }));

export const IdCheckView = lazySchema(() => z.object({ name: z.string(), passed: z.boolean(), detail: z.string().optional() }));
/** A parsed ID document as the desk form receives it (photo bytes stay in the gateway). */
export const IdDocumentView = lazySchema(() =>
  z.object({
    type: z.enum(['passport', 'id_card', 'visa', 'travel_document', 'cccd', 'cn_id']),
    format: z.string(),
    number: z.string(),
    fullName: z.string(),
    surname: z.string().optional(),
    givenNames: z.string().optional(),
    birthDate: z.string().optional(),
    sex: z.enum(['male', 'female', 'unspecified']),
    nationality: z.string().optional(),
    issuingState: z.string().optional(),
    issueDate: z.string().optional(),
    expiry: z.string().optional(),
    address: z.string().optional(),
    issuer: z.string().optional(),
    extra: z.record(z.string(), z.string()),
    hasPhoto: z.boolean(),
    checks: z.array(IdCheckView),
  }),
);
export type IdDocumentView = z.infer<typeof IdDocumentView>;

const DeviceRef = lazySchema(() => z.object({ deviceId: z.string(), role: DeviceRole, stationId: z.number().int().nullable() }));
export const CardPresentedEvent = lazySchema(() =>
  DeviceRef.extend({
    uid: z.string(),
    technology: z.string(),
    details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
);
export const CardRemovedEvent = lazySchema(() => DeviceRef.extend({ uid: z.string() }));
export const IdScannedEvent = lazySchema(() =>
  DeviceRef.extend({
    document: IdDocumentView.nullable(),
    /** Why a scan is not a usable document: unrecognized, bad-format, bad-field, check-failed. */
    error: z.object({ code: z.string(), detail: z.string(), checks: z.array(IdCheckView) }).nullable(),
  }),
);
export const CodeScannedEvent = lazySchema(() => DeviceRef.extend({ text: z.string() }));
