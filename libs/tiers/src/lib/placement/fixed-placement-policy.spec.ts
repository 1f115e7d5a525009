import { FixedPlacementPolicy } from './fixed-placement-policy';

describe('FixedPlacementPolicy', () => {
  const policy = new FixedPlacementPolicy();

  it.each([
    ['task', 'warm', 300],
    ['project', 'warm', 900],
    ['user', 'warm', 600],
    ['git_branch', 'warm', 1200],
    ['agent', 'cold', 3600],
    ['template', 'cold', 7200],
    ['context', 'warm', 600],
  ])('places %s in %s for %i s, medium band', (type, tier, ttlSeconds) => {
    expect(policy.place({ key: `${type}:1`, type })).toEqual({ tier, ttlSeconds, band: 'medium' });
  });

  it('places an unknown type like a context', () => {
    expect(policy.place({ key: 'widget:1', type: 'widget' })).toEqual({
      tier: 'warm',
      ttlSeconds: 600,
      band: 'medium',
    });
  });

  it('adds no jitter: the same request always gets the same TTL', () => {
    const ttls = new Set(
      Array.from({ length: 50 }, () => policy.place({ key: 'task:1', type: 'task' }).ttlSeconds),
    );
    expect([...ttls]).toEqual([300]);
  });
});
