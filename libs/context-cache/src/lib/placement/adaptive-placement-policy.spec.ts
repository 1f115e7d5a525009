import { TtlPolicy, DEFAULT_TTL_POLICY_CONFIG } from '@strata/ttl-policy';
import type { VolatilityService } from '@strata/volatility';
import { AdaptivePlacementPolicy } from './adaptive-placement-policy';

/** Only `scoreOf` is asked; the rest of the service stays out of a unit test. */
function scores(byKey: Record<string, number>): VolatilityService {
  return {
    scoreOf: (key: string, updatedThrough = key) => ({
      score: byKey[`${key} through ${updatedThrough}`] ?? byKey[key] ?? 0,
      inputs: {},
    }),
  } as unknown as VolatilityService;
}

describe('AdaptivePlacementPolicy', () => {
  const ttl = new TtlPolicy(DEFAULT_TTL_POLICY_CONFIG, () => 0.5);

  it('places each entry by its own key’s current score and its type', () => {
    const policy = new AdaptivePlacementPolicy(
      scores({ 'task:busy': 0.8, 'task:quiet': 0.1, 'template:t1': 0.05 }),
      ttl,
    );
    expect(policy.place({ key: 'task:busy', type: 'task' })).toEqual({
      tier: 'hot',
      ttlSeconds: 60,
      band: 'high',
    });
    expect(policy.place({ key: 'task:quiet', type: 'task' })).toEqual({
      tier: 'warm',
      ttlSeconds: 600,
      band: 'low',
    });
    expect(policy.place({ key: 'template:t1', type: 'template' })).toEqual({
      tier: 'cold',
      ttlSeconds: 14400,
      band: 'low',
    });
  });

  it('follows a score that changed since the last placement', () => {
    const byKey: Record<string, number> = { 'user:u1': 0.55 };
    const policy = new AdaptivePlacementPolicy(scores(byKey), ttl);
    expect(policy.place({ key: 'user:u1', type: 'user' }).band).toBe('medium');
    byKey['user:u1'] = 0.9;
    expect(policy.place({ key: 'user:u1', type: 'user' })).toEqual({
      tier: 'hot',
      ttlSeconds: 180,
      band: 'high',
    });
  });

  it('scores a resolved context with the writes of its level entity', () => {
    const policy = new AdaptivePlacementPolicy(
      scores({
        'context:task:t1 through task:t1': 0.8,
        'context:branch:b1 through git_branch:b1': 0.55,
        'context:global:global through global': 0.1,
      }),
      ttl,
    );
    expect(policy.place({ key: 'context:task:t1', type: 'context' }).band).toBe('high');
    expect(policy.place({ key: 'context:branch:b1', type: 'context' }).band).toBe('medium');
    expect(policy.place({ key: 'context:global:global', type: 'context' }).band).toBe('low');
  });
});
