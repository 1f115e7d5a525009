import { FakeClock } from '@strata/tiers';
import { SourceThrottle } from './source-throttle';
import { warmingFixture } from '../testing/warming-fixture';

const LIMIT = 100;
const SECOND_MS = 1_000;
/** Statements per warming load (a task context's resolution). */
const PER_LOAD = 4;

/**
 * Warming loads back to back for `seconds` simulated seconds on a source whose latency per
 * statement `latencyAt` gives; returns the statements run in each whole second and the rates.
 */
function drive(
  throttle: SourceThrottle,
  clock: FakeClock,
  seconds: number,
  latencyAt: (second: number) => number,
) {
  const start = clock.now();
  const perSecond = new Array<number>(seconds).fill(0);
  const rates: number[] = [];
  while (clock.now() - start < seconds * SECOND_MS) {
    const delay = throttle.delayMs();
    if (delay > 0) {
      clock.advance(delay);
      continue;
    }
    const second = Math.floor((clock.now() - start) / SECOND_MS);
    const latency = latencyAt(second) * PER_LOAD;
    throttle.charge(PER_LOAD);
    perSecond[second] += PER_LOAD;
    clock.advance(latency);
    throttle.observe(latency, PER_LOAD);
    rates[second] = throttle.statementsPerSecond;
  }
  return { perSecond, rates };
}

describe('SourceThrottle', () => {
  let clock: FakeClock;
  let throttle: SourceThrottle;
  beforeEach(() => {
    clock = new FakeClock(Date.UTC(2026, 0, 5, 9));
    throttle = new SourceThrottle(
      { statementsPerSecond: LIMIT, minStatementsPerSecond: 5, slowdownFactor: 2 },
      clock,
    );
  });

  it('holds the statement rate under the limit on a fast source', () => {
    const { perSecond } = drive(throttle, clock, 10, () => 0.5);
    for (const statements of perSecond) {
      // A tenth of a second's burst, and the load that takes the bucket below zero.
      expect(statements).toBeLessThanOrEqual(LIMIT * 1.1 + PER_LOAD);
    }
    expect(perSecond[5]).toBeGreaterThanOrEqual(LIMIT * 0.9);
    expect(throttle.state).toBe('normal');
  });

  it('shrinks the rate while the source slows down, then recovers it', () => {
    drive(throttle, clock, 5, () => 0.5);
    const slow = drive(throttle, clock, 10, () => 5);
    expect(throttle.state).toBe('backing-off');
    expect(throttle.statementsPerSecond).toBe(5);
    // Within a few seconds of the slowdown the source sees a fraction of the limit.
    for (const statements of slow.perSecond.slice(4)) {
      expect(statements).toBeLessThanOrEqual(LIMIT / 4);
    }
    const after = drive(throttle, clock, 20, () => 0.5);
    expect(after.rates[1]).toBeLessThan(LIMIT);
    expect(throttle.state).toBe('normal');
    expect(throttle.statementsPerSecond).toBe(LIMIT);
    expect(after.perSecond[19]).toBeGreaterThanOrEqual(LIMIT * 0.9);
  });

  it('yields to user reads: their statements use up the second before warming gets any', () => {
    expect(throttle.delayMs()).toBe(0);
    throttle.charge(LIMIT);
    const delay = throttle.delayMs();
    expect(delay).toBeGreaterThan(900);
    clock.advance(delay);
    expect(throttle.delayMs()).toBe(0);
  });

  it('limits nothing when switched off', () => {
    const off = new SourceThrottle(
      { statementsPerSecond: 0, minStatementsPerSecond: 5, slowdownFactor: 2 },
      clock,
    );
    off.charge(1_000_000);
    off.observe(1_000, 1);
    expect(off.delayMs()).toBe(0);
    expect(off.state).toBe('off');
  });
});

describe('WarmingService behind its SourceThrottle', () => {
  it('holds a warming load back while the users have taken the second, and runs it after', async () => {
    const { warming, throttle, source, clock } = warmingFixture({
      strategies: ['login'],
      throttle: { statementsPerSecond: LIMIT },
    });
    source.values.set('task:1', '{"v":1}');
    throttle.charge(LIMIT);
    warming.propose('login', [{ key: 'task:1', priority: 1, reason: 'test' }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(source.loads.get('task:1')).toBeUndefined();
    expect(warming.stats().throttle).toEqual({ statementsPerSecond: LIMIT, state: 'normal' });
    clock.advance(SECOND_MS);
    await warming.idle();
    expect(source.loads.get('task:1')).toBe(1);
  });
});
