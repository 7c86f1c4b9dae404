import type { EventEmitter } from 'node:events';

/** Machine-readable reasons a transport fails; the gateway maps them to translated messages. */
export type TransportErrorCode =
  | 'port-not-found'
  | 'port-busy'
  | 'permission-denied'
  | 'not-open'
  | 'disconnected'
  | 'io-error';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: TransportErrorCode,
    readonly path: string,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${path}${detail ? ` (${detail})` : ''}`, options);
  }
}

/** Why a transport closed: `unexpected` is true when the device went away (unplugged, socat killed). */
export interface CloseInfo {
  unexpected: boolean;
  error?: TransportError;
}

export type TransportEvents = {
  open: [];
  data: [chunk: Buffer];
  close: [info: CloseInfo];
  error: [error: TransportError];
};

/**
 * The one interface every device class talks to: a serial port, a pseudo-terminal, a HID device
 * (one `data` event per input report) or an in-memory fake.
 */
export interface Transport extends EventEmitter<TransportEvents> {
  readonly path: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
}

/** Map an OS / binding error to a typed TransportError. */
export function toTransportError(err: unknown, path: string): TransportError {
  if (err instanceof TransportError) return err;
  const e = err as { code?: unknown; errno?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const text = `${code} ${message}`;
  let mapped: TransportErrorCode = 'io-error';
  if (/ENOENT|no such file|not found|cannot find|could not find/i.test(text)) mapped = 'port-not-found';
  else if (/EACCES|EPERM|permission denied|access denied|operation not permitted/i.test(text)) mapped = 'permission-denied';
  else if (/EBUSY|EAGAIN|cannot lock|resource busy|temporarily unavailable|already open|in use/i.test(text))
    mapped = 'port-busy';
  else if (/disconnected|EIO|ENXIO|ENODEV|bad file descriptor|EBADF/i.test(text)) mapped = 'disconnected';
  else if (/not open|port is not open/i.test(text)) mapped = 'not-open';
  return new TransportError(mapped, path, message, { cause: err });
}
