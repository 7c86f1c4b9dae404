/** A paired station keeps its token in this browser's localStorage and sends it with every request. */
export const STATION_TOKEN_KEY = 'frontgate.stationToken';

export function readStationToken(storage?: Pick<Storage, 'getItem'>): string | null {
  try {
    // Inside the try: reading `localStorage` itself throws where the browser blocks storage (and outside a browser).
    const token = (storage ?? localStorage).getItem(STATION_TOKEN_KEY);
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
