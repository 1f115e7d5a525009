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

  it('sees no burstiness in evenly spaced reads nor in reads at random moments, and some in bursts', () => {
    expect(accessesAt([0, 1000, 2000, 3000, 4000]).intervalVariation()).toBe(0);
    // Exponential intervals (a Poisson stream) have cv = 1.
    let at = 0;
    const poisson = [0];
    let state = 12345;
    for (let index = 0; index < 5000; index++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      at += -Math.log(1 - state / 2147483648) * 1000;
      poisson.push(at);
    }
    expect(accessesAt(poisson).intervalVariation()).toBeLessThan(0.05);
    const bursts: number[] = [];
    for (let burst = 0; burst < 20; burst++) {
      for (let read = 0; read < 10; read++) {
        bursts.push(burst * 600_000 + read * 100);
      }
    }
    expect(accessesAt(bursts).intervalVariation()).toBeGreaterThan(0.4);
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
