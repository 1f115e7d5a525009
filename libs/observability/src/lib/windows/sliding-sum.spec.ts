import { FakeClock } from '@strata/tiers';
import { SlidingSum, WindowedTally } from './sliding-sum';

describe('SlidingSum', () => {
  it('sums what was added within the window and drops it once the window has passed', () => {
    const clock = new FakeClock(0);
    const sum = new SlidingSum(60_000, clock, 6);
    sum.add(3);
    clock.advance(25_000);
    sum.add(4);
    expect(sum.sum()).toBe(7);
    clock.advance(40_000); // 65 s after the first add, 40 s after the second
    expect(sum.sum()).toBe(4);
    clock.advance(30_000);
    expect(sum.sum()).toBe(0);
  });

  it('reuses a slot for a later window without carrying its old value', () => {
    const clock = new FakeClock(0);
    const sum = new SlidingSum(60_000, clock, 6);
    sum.add(100);
    clock.advance(60_000); // the same slot index, one window later
    sum.add(1);
    expect(sum.sum()).toBe(1);
  });

  it('keeps a window of a day in the same memory as one of a minute', () => {
    const clock = new FakeClock(0);
    const sum = new SlidingSum(86_400_000, clock);
    for (let hour = 0; hour < 48; hour++) {
      sum.add(1);
      clock.advance(3_600_000);
    }
    // 24 hours of adds are inside the window, to within one slot (48 minutes).
    expect(sum.sum()).toBeGreaterThanOrEqual(23);
    expect(sum.sum()).toBeLessThanOrEqual(24);
  });
});

describe('WindowedTally', () => {
  it('keeps the total since start beside the window', () => {
    const clock = new FakeClock(0);
    const tally = new WindowedTally(10_000, clock);
    tally.add(2);
    clock.advance(20_000);
    tally.add();
    expect({ total: tally.total, inWindow: tally.inWindow }).toEqual({ total: 3, inWindow: 1 });
  });
});
