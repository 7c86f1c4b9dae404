import { describe, expect, it, vi } from 'vitest';
import { createStationCheck } from '../../renderer/src/api/stationCheck.js';
import type { ResponseOf } from '../../renderer/src/contract.js';

type StationSelf = ResponseOf<'stationSelf'>;

const self = { station: { id: 3, name: 'Sảnh A' } } as unknown as StationSelf;

describe('station check of a kiosk', () => {
  it('asks early when paired, hands that answer to the first taker, and asks again after', async () => {
    const ask = vi.fn(async () => self);
    const check = createStationCheck(ask, () => 'fgs_token');
    check.early();
    expect(ask).toHaveBeenCalledTimes(1);
    await expect(check.take()).resolves.toBe(self);
    expect(ask).toHaveBeenCalledTimes(1);
    await expect(check.take()).resolves.toBe(self);
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('does not ask early without a station token', async () => {
    const ask = vi.fn(async () => self);
    const check = createStationCheck(ask, () => null);
    check.early();
    expect(ask).not.toHaveBeenCalled();
    await check.take();
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('keeps an early refusal for the taker (no unhandled rejection before the kiosk screen mounts)', async () => {
    const refused = Object.assign(new Error('unauthorized'), { status: 401 });
    const ask = vi.fn(async (): Promise<StationSelf> => {
      throw refused;
    });
    const check = createStationCheck(ask, () => 'fgs_revoked');
    check.early();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(check.take()).rejects.toBe(refused);
  });
});
