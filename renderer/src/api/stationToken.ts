/** A paired station keeps its token in this browser's localStorage and sends it with every request. */
export const STATION_TOKEN_KEY = 'frontgate.stationToken';

export function readStationToken(storage: Pick<Storage, 'getItem'> = localStorage): string | null {
  try {
    const token = storage.getItem(STATION_TOKEN_KEY);
    return token && token.length > 0 ? token : null;
  } catch {
    return null;
  }
}

export function saveStationToken(token: string, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(STATION_TOKEN_KEY, token);
}

export function clearStationToken(storage: Pick<Storage, 'removeItem'> = localStorage): void {
  storage.removeItem(STATION_TOKEN_KEY);
}
