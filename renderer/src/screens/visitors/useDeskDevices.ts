/**
 * The desk's devices: the card reader that takes visitor cards (pool cards in, cards back at check-out), the encoder
 * for blank cards, and which station counts as "the desk" for scans. A paired desk station uses its own devices; an
 * unpaired browser uses the reader picked on the desk board (remembered in this browser) and that reader's station.
 */
import { useLocalStorage } from '@mantine/hooks';
import { useCallback, useMemo } from 'react';
import { useApiQuery } from '../../api/useApiQuery.js';
import { useSession } from '../../app/session.js';
import type { DeviceView } from '../../contract.js';
import { useEntityChanged } from '../../events/useGatewayEvents.js';

export const DESK_READER_KEY = 'frontgate.deskReader';

export interface DeskDevices {
  readers: DeviceView[];
  reader: DeviceView | null;
  encoder: DeviceView | null;
  chooseReader(id: string | null): void;
  /** Whether a device event (scan, card) comes from the desk. */
  fromDesk(device: { deviceId: string; stationId: number | null }): boolean;
  loading: boolean;
}

/** The reader a desk uses: the one picked here, else the desk station's own, else the first. */
export function pickDeskReader(readers: readonly DeviceView[], chosen: string | null, stationId: number | null): DeviceView | null {
  return readers.find((d) => d.id === chosen) ?? readers.find((d) => stationId !== null && d.stationId === stationId) ?? readers[0] ?? null;
}

export function useDeskDevices(): DeskDevices {
  const { session } = useSession();
  const query = useApiQuery('listDevices', {});
  useEntityChanged([], query.reload);
  const [chosen, setChosen] = useLocalStorage<string | null>({ key: DESK_READER_KEY, defaultValue: null, getInitialValueInEffect: false });
  const ownStation = session?.station?.id ?? null;

  const { readers, reader, encoder, deskStation } = useMemo(() => {
    const items = (query.data?.items ?? []).filter((d) => d.enabled);
    const readers = items.filter((d) => d.role === 'desk_reader');
    const reader = pickDeskReader(readers, chosen, ownStation);
    const deskStation = ownStation ?? reader?.stationId ?? null;
    const encoders = items.filter((d) => d.role === 'desk_encoder');
    const encoder = encoders.find((d) => deskStation !== null && d.stationId === deskStation) ?? encoders[0] ?? null;
    return { readers, reader, encoder, deskStation };
  }, [query.data, chosen, ownStation]);

  const fromDesk = useCallback((device: { deviceId: string; stationId: number | null }) => deskStation === null || device.stationId === deskStation, [deskStation]);

  return { readers, reader, encoder, chooseReader: setChosen, fromDesk, loading: query.loading && !query.data };
}
