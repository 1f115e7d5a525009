import { expiryTick, MAX_TICK } from './expiry-tick';

describe('expiryTick', () => {
  const epoch = 1_700_000_000_000;

  it('is the whole milliseconds since the epoch', () => {
    expect(expiryTick(epoch + 1500.7, epoch)).toBe(1500);
    expect(expiryTick(epoch - 10, epoch)).toBe(-10);
  });

  it('clamps to the small-integer range, staying monotone', () => {
    expect(expiryTick(epoch + 2 ** 40, epoch)).toBe(MAX_TICK);
    expect(expiryTick(Number.POSITIVE_INFINITY, epoch)).toBe(MAX_TICK);
    expect(expiryTick(0, epoch)).toBe(-MAX_TICK);
  });

  it('never orders two times the other way round', () => {
    const times = [0, epoch - 1, epoch, epoch + 0.5, epoch + 1, epoch + 2 ** 31, epoch + 2 ** 50];
    for (const a of times)
      for (const b of times)
        if (a < b) expect(expiryTick(a, epoch)).toBeLessThanOrEqual(expiryTick(b, epoch));
  });
});
