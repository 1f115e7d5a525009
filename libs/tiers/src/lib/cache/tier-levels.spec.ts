import { FakeClock } from '../core/clock';
import { CircuitBreaker, DEFAULT_CIRCUIT_BREAKER_OPTIONS } from '../resilience/circuit-breaker';
import { InMemoryHotTierStore } from '../testing/in-memory-hot-tier-store';
import { InMemoryPersistentTierStore } from '../testing/in-memory-persistent-tier-store';
import { PersistentTier } from './persistent-tier';
import { TierLevels } from './tier-levels';

function levels(...names: ('warm' | 'cold')[]): TierLevels {
  const clock = new FakeClock();
  return new TierLevels(
    new InMemoryHotTierStore(clock),
    names.map(
      (tier) =>
        new PersistentTier(
          new InMemoryPersistentTierStore({ tier, clock }),
          new CircuitBreaker(tier, DEFAULT_CIRCUIT_BREAKER_OPTIONS, clock),
        ),
    ),
  );
}

describe('TierLevels', () => {
  it('numbers the configured tiers from hot down', () => {
    const all = levels('warm', 'cold');
    expect([0, 1, 2].map((level) => all.nameAt(level))).toEqual(['hot', 'warm', 'cold']);
    expect(all.lowest).toBe(2);
    expect(() => all.nameAt(3)).toThrow(RangeError);
  });

  it('maps a home tier to its level, else to the nearest configured tier below, else the lowest', () => {
    expect(
      ['hot', 'warm', 'cold'].map((tier) =>
        levels('warm', 'cold').levelFor(tier as 'hot' | 'warm' | 'cold'),
      ),
    ).toEqual([0, 1, 2]);
    const coldOnly = levels('cold');
    expect(coldOnly.levelFor('warm')).toBe(1);
    expect(coldOnly.nameAt(1)).toBe('cold');
    const warmOnly = levels('warm');
    expect(warmOnly.levelFor('cold')).toBe(1);
    expect(levels().levelFor('cold')).toBe(0);
  });
});
