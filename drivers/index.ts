/**
 * FrontGate device drivers: transports, protocol codecs and parsers, device classes, ID-document parsers and
 * simulators. Imports nothing of the rest of the project; the gateway's device manager translates these
 * events into its own.
 */
export * from './events.js';
export * from './util/bytes.js';
export * from './util/frame-error.js';
export * from './util/timers.js';
export { ParserStream } from './util/parser-stream.js';

export * from './transport/types.js';
export { SerialTransport, type SerialTransportOptions } from './transport/serial.js';
export { HidTransport, type HidHandle, type HidTransportOptions } from './transport/hid.js';
export { MemoryTransport, createMemoryPair } from './transport/memory.js';
export { ReconnectingTransport, type ConnectionState, type ConnectionStatus, type ReconnectOptions } from './transport/reconnecting.js';
export * from './transport/list.js';

export { encodeEm4100, decodeEm4100, printedCardNumber, type Em4100Frame, type PrintedCardNumber } from './em4100/frame.js';
export { Em4100Parser } from './em4100/parser.js';
export { Em4100Reader, parseLineId, type Em4100ReaderOptions, type Em4100ReaderEvents } from './em4100/reader.js';
export { LineParser, type LineParserOptions } from './line/parser.js';

export { BootKeyboardDecoder, type BootKeyboardDecoderOptions } from './hid/keyboard.js';
export { US_LAYOUT, DE_LAYOUT, defineLayout, type KeyboardLayout, type KeyEntry } from './hid/layout.js';
export { HidPosDecoder, encodeHidPosReports, HID_POS_USAGE_PAGE, type HidPosScan } from './hid/hidpos.js';
export { Scanner, cardIdFromText, type ScannerOptions, type ScannerEvents } from './hid/scanner.js';

export * as pn532Frame from './pn532/frame.js';
export { Pn532Parser } from './pn532/parser.js';
export { Pn532, type Pn532Options, type Pn532Events } from './pn532/device.js';
export { Pn532Commands, type FirmwareVersion, type PassiveTarget } from './pn532/commands.js';
export { Pn532Error, type Pn532ErrorCode } from './pn532/errors.js';
export { encodeCredential, type CredentialRequest, type CredentialResult } from './pn532/encoder.js';
export * as mifare from './pn532/mifare.js';

export * as cnidFrame from './cnid/frame.js';
export { CnIdParser } from './cnid/parser.js';
export { CnIdReader, CnIdError, parseReadReply, type CnIdCard, type CnIdCardRead, type CnIdErrorCode, type CnIdReaderEvents, type CnIdReaderOptions } from './cnid/reader.js';
export { decodeCnIdText, encodeCnIdText, NATIONS, type CnIdText } from './cnid/text.js';
export { isValidGb11643, gb11643CheckChar, gb11643Parts } from './cnid/gb11643.js';

export * from './id-documents/index.js';
export * from './simulators/index.js';
export { decode, DecodeError, DECODE_PROTOCOLS, type DecodeProtocol } from './decode.js';
