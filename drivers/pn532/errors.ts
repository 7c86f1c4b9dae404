/** Every way a PN532 operation can fail, as a machine-readable code (never a hang). */
export type Pn532ErrorCode =
  | 'timeout' // the PN532 did not ACK or answer in time
  | 'nack' // the PN532 kept rejecting our frame
  | 'syntax-error' // the PN532 answered with an error frame
  | 'unexpected-response'
  | 'no-card' // no MIFARE card in the field
  | 'wrong-card' // a different UID than requested
  | 'auth-failed' // no candidate key authenticated the sector
  | 'access-denied' // the card refused a read/write under its access conditions
  | 'card-removed' // the card stopped answering mid-operation
  | 'card-error' // any other InDataExchange status
  | 'verify-failed' // read-back differs from what was written
  | 'invalid-argument'
  | 'disconnected'; // the transport closed

export class Pn532Error extends Error {
  override readonly name = 'Pn532Error';
  constructor(
    readonly code: Pn532ErrorCode,
    readonly detail?: string,
    /** InDataExchange status byte when the card reported one. */
    readonly status?: number,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

/** PN532 InDataExchange status (low 6 bits) → error code. 0x00 is success. */
export function statusToCode(status: number): Pn532ErrorCode {
  switch (status & 0x3f) {
    case 0x01:
      return 'card-removed'; // target timeout: the card did not answer
    case 0x14:
      return 'auth-failed';
    default:
      return 'card-error';
  }
}
