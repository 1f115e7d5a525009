import { replay } from './replay';

const traceOf = (keys: number[]) => ({
  name: 'hand-made',
  keys: Int32Array.from(keys),
  distinct: Math.max(...keys) + 1,
});

describe('replay', () => {
  it('counts exact LRU hits', () => {
    // Capacity 2: 0 1 0 (hit) 2 (evicts 1) 1 (miss, evicts 0) 0 (miss) 1 (hit)
    expect(replay(traceOf([0, 1, 0, 2, 1, 0, 1]), 2, 'lru')).toBeCloseTo((100 * 2) / 7, 6);
  });

  it('replays the hot tier policy deterministically, never above the requests that repeat', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 300);
    const first = replay(traceOf(keys), 100, 'strata');
    expect(replay(traceOf(keys), 100, 'strata')).toBe(first);
    expect(first).toBeLessThanOrEqual((100 * (5000 - 300)) / 5000);
  });

  it('hits every repeat when everything fits', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => i % 50);
    expect(replay(traceOf(keys), 64, 'strata')).toBeCloseTo(95, 6);
    expect(replay(traceOf(keys), 64, 'lru')).toBeCloseTo(95, 6);
  });
});
