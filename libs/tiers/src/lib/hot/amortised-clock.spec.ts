import type { Clock } from '../core/clock';
import { AmortisedClock } from './amortised-clock';

class CountingClock implements Clock {
  reads = 0;
  time = 1000;
  now(): number {
    this.reads++;
    return this.time;
  }
}

/** How the hot tier's hit path uses it. */
function hasReached(amortised: AmortisedClock, time: number): boolean {
  if (amortised.readsLeft-- <= 0) amortised.refresh();
  return amortised.value >= time;
}

describe('AmortisedClock', () => {
  it('shares one reading among at most readsPerValue calls within a job', () => {
    const clock = new CountingClock();
    const amortised = new AmortisedClock(clock, 4);
    for (let i = 0; i < 8; i++) hasReached(amortised, 0);
    expect(clock.reads).toBe(2);
  });

  it('reads again after the job ends, however few calls it served', async () => {
    const clock = new CountingClock();
    const amortised = new AmortisedClock(clock, 16);
    expect(hasReached(amortised, 1500)).toBe(false);
    clock.time = 2000;
    await Promise.resolve();
    expect(hasReached(amortised, 1500)).toBe(true);
    expect(clock.reads).toBe(2);
  });

  it('reads on every call when told to, as the hot tier does for injected clocks', () => {
    const clock = new CountingClock();
    const amortised = new AmortisedClock(clock, 1);
    expect(hasReached(amortised, 1000)).toBe(true);
    clock.time = 999;
    expect(hasReached(amortised, 1000)).toBe(false);
    expect(clock.reads).toBe(2);
  });
});
