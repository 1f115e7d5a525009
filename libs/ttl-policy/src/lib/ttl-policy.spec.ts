import { TtlPolicy, policyTypeOf } from './ttl-policy';
import { DEFAULT_TTL_POLICY_CONFIG } from './ttl-policy-config';
import { seededRandom } from './seeded-random';

// DESIGN §4, cell by cell: [type, band, score in that band, TTL, tier].
const MATRIX: Array<[string, string, number, number, string]> = [
  ['task', 'high', 0.9, 60, 'hot'],
  ['task', 'medium', 0.55, 300, 'warm'],
  ['task', 'low', 0.1, 600, 'warm'],
  ['project', 'high', 0.9, 300, 'warm'],
  ['project', 'medium', 0.55, 900, 'warm'],
  ['project', 'low', 0.1, 1800, 'warm'],
  ['user', 'high', 0.9, 180, 'hot'],
  ['user', 'medium', 0.55, 600, 'warm'],
  ['user', 'low', 0.1, 900, 'warm'],
  ['git_branch', 'high', 0.9, 600, 'warm'],
  ['git_branch', 'medium', 0.55, 1200, 'warm'],
  ['git_branch', 'low', 0.1, 1800, 'warm'],
  ['agent', 'high', 0.9, 1800, 'cold'],
  ['agent', 'medium', 0.55, 3600, 'cold'],
  ['agent', 'low', 0.1, 7200, 'cold'],
  ['template', 'high', 0.9, 3600, 'cold'],
  ['template', 'medium', 0.55, 7200, 'cold'],
  ['template', 'low', 0.1, 14400, 'cold'],
  ['context', 'high', 0.9, 300, 'warm'],
  ['context', 'medium', 0.55, 600, 'warm'],
  ['context', 'low', 0.1, 1200, 'warm'],
];

describe('TtlPolicy', () => {
  const withoutJitter = new TtlPolicy({
    ...DEFAULT_TTL_POLICY_CONFIG,
    jitter: { ...DEFAULT_TTL_POLICY_CONFIG.jitter, ratio: 0 },
  });

  it.each(MATRIX)(
    'places %s in band %s (score %d) for %i s in %s',
    (type, band, score, ttl, tier) => {
      expect(withoutJitter.place(type, score)).toEqual({ tier, ttlSeconds: ttl, band });
    },
  );

  it('reports the matrix cell itself, before jitter', () => {
    const policy = new TtlPolicy(DEFAULT_TTL_POLICY_CONFIG, () => 0);
    expect(policy.nominalPlacement('template', 0)).toEqual({
      tier: 'cold',
      ttlSeconds: 14400,
      band: 'low',
    });
    expect(policy.place('template', 0).ttlSeconds).toBe(12960);
  });

  it('places an unknown type, and the global context, like a context', () => {
    expect(policyTypeOf('widget')).toBe('context');
    expect(withoutJitter.place('widget', 0.1)).toEqual({
      tier: 'warm',
      ttlSeconds: 1200,
      band: 'low',
    });
  });

  it.each(MATRIX)(
    'keeps %s/%s within ±10%% over 2000 seeded draws, and spreads them',
    (type, _band, score, ttl) => {
      const policy = new TtlPolicy(DEFAULT_TTL_POLICY_CONFIG, seededRandom(ttl));
      const draws = Array.from({ length: 2000 }, () => policy.place(type, score).ttlSeconds);
      expect(Math.min(...draws)).toBeGreaterThanOrEqual(Math.floor(ttl * 0.9));
      expect(Math.max(...draws)).toBeLessThanOrEqual(Math.ceil(ttl * 1.1));
      // Spread over the whole range, not stuck at the centre.
      expect(Math.min(...draws)).toBeLessThan(ttl * 0.95);
      expect(Math.max(...draws)).toBeGreaterThan(ttl * 1.05);
    },
  );

  it('never leaves the configured clamp, even when the jitter would', () => {
    const policy = new TtlPolicy(
      { ...DEFAULT_TTL_POLICY_CONFIG, jitter: { ratio: 0.5, minSeconds: 55, maxSeconds: 62 } },
      seededRandom(7),
    );
    const draws = Array.from({ length: 2000 }, () => policy.place('task', 0.9).ttlSeconds);
    expect(Math.min(...draws)).toBe(55);
    expect(Math.max(...draws)).toBe(62);
  });

  it('draws at the extremes of the random source stay within the ratio', () => {
    expect(new TtlPolicy(DEFAULT_TTL_POLICY_CONFIG, () => 0).place('task', 0.9).ttlSeconds).toBe(
      54,
    );
    expect(
      new TtlPolicy(DEFAULT_TTL_POLICY_CONFIG, () => 0.999999).place('task', 0.9).ttlSeconds,
    ).toBe(66);
  });
});
