/**
 * What the desk's ID reader and scanners report while the registration form is open: parsed ID documents (or why a
 * scan is not one) and scanned codes (an expected visit's QR code). Devices at other stations are ignored.
 */
import type { IdDocumentView, IdScannedEvent } from '../../contract.js';
import { useGatewayEvent } from '../../events/useGatewayEvents.js';
import type { z } from 'zod';
import { useDeskDevices } from './useDeskDevices.js';

export type ScanError = NonNullable<z.infer<typeof IdScannedEvent>['error']>;

export interface DeskScanHandlers {
  onDocument(document: IdDocumentView): void;
  onScanError(error: ScanError): void;
  onCode(text: string): void;
}

export function useDeskScans({ onDocument, onScanError, onCode }: DeskScanHandlers): void {
  const { fromDesk } = useDeskDevices();
  useGatewayEvent(['id.scanned', 'code.scanned'], (event) => {
    if (event.type === 'id.scanned' && fromDesk(event.data)) {
      if (event.data.document) onDocument(event.data.document);
      else onScanError(event.data.error ?? { code: 'unrecognized', detail: '', checks: [] });
    }
    if (event.type === 'code.scanned' && fromDesk(event.data)) onCode(event.data.text);
  });
}
