import { AccessStats } from './access-stats';

const HOUR = 3_600_000;

function accessesAt(times: number[], activeEvery = 0): AccessStats {
  const stats = new AccessStats();
  times.forEach((at, index) => {
    const interval = index === 0 ? undefined : at - times[index - 1];
    stats.add(at, activeEvery > 0 && index % activeEvery === 0, interval, HOUR);
  });
  return stats;
}

describe('AccessStats', () => {
  it('has no variability and no active share without history', () => {
    expect(new AccessStats().intervalVariation()).toBe(0);
    expect(new AccessStats().activeShare()).toBe(0);
    expect(accessesAt([1000, 2000]).intervalVariation()).toBe(0);
  });

  it('sees no variability in evenly spaced reads, and a lot in bursts', () => {
    expect(accessesAt([0, 1000, 2000, 3000, 4000]).intervalVariation()).toBeCloseTo(0);
    expect(accessesAt([0, 10, 20, 60_000, 60_010, 60_020]).intervalVariation()).toBe(1);
    const some = accessesAt([0, 1000, 3000, 4000, 6000]).intervalVariation();
    expect(some).toBeGreaterThan(0.2);
    expect(some).toBeLessThan(0.6);
  });

  it('shares accesses made in an active session', () => {
    expect(accessesAt([0, 1, 2, 3], 2).activeShare()).toBeCloseTo(0.5);
    expect(accessesAt([0, 1, 2], 1).activeShare()).toBe(1);
  });

  it('halves its weight every half-life', () => {
    const stats = accessesAt([0]);
    stats.decayTo(2 * HOUR, HOUR);
    expect(stats.weight).toBeCloseTo(0.25);
  });

  it('adds up exactly: stored sums plus a later delta equal the sums of all the accesses', () => {
    const times = [0, 500, 4000, 9000, HOUR, HOUR + 10, 3 * HOUR];
    const whole = accessesAt(times, 3);
    const first = accessesAt(times.slice(0, 4), 3);
    const rest = new AccessStats();
    times.slice(4).forEach((at, index) => {
      rest.add(at, (index + 4) % 3 === 0, at - times[index + 3], HOUR);
    });
    const merged = first.plus(rest, HOUR);
    expect(merged.weight).toBeCloseTo(whole.weight);
    expect(merged.activeWeight).toBeCloseTo(whole.activeWeight);
    expect(merged.intervalSumOfSquares).toBeCloseTo(whole.intervalSumOfSquares, 0);
    expect(merged.intervalVariation()).toBeCloseTo(whole.intervalVariation());
  });
});
