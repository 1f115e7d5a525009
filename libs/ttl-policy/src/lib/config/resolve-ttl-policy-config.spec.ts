import { DEFAULT_TTL_POLICY_CONFIG } from '../ttl-policy-config';
import { resolveTtlPolicyConfig } from './resolve-ttl-policy-config';

describe('resolveTtlPolicyConfig', () => {
  it('is the defaults when nothing is overridden', () => {
    expect(resolveTtlPolicyConfig({})).toEqual(DEFAULT_TTL_POLICY_CONFIG);
    expect(resolveTtlPolicyConfig(undefined)).toEqual(DEFAULT_TTL_POLICY_CONFIG);
  });

  it('overrides single cells and keeps every other default', () => {
    const config = resolveTtlPolicyConfig({
      ttlSeconds: { task: { high: 90 } },
      tiers: { project: { high: 'hot' } },
      bands: { high: 0.7 },
      jitter: { ratio: 0.2 },
    });
    expect(config.ttlSeconds.task).toEqual({ high: 90, medium: 300, low: 600 });
    expect(config.tiers.project).toEqual({ high: 'hot', medium: 'warm', low: 'warm' });
    expect(config.bands).toEqual({ high: 0.7, medium: 0.525 });
    expect(config.jitter).toEqual({ ratio: 0.2, minSeconds: 1, maxSeconds: 86_400 });
    expect(config.ttlSeconds.template).toEqual(DEFAULT_TTL_POLICY_CONFIG.ttlSeconds.template);
  });

  it.each([
    [{ ttlSeconds: { task: { high: 0 } } }, /ttlSeconds\.task\.high: 0 is not a whole number/],
    [{ ttlSeconds: { task: { high: 1.5 } } }, /ttlSeconds\.task\.high/],
    [{ ttlSeconds: { task: { high: '60' } } }, /ttlSeconds\.task\.high: "60"/],
    [{ ttlSeconds: { widget: { high: 60 } } }, /ttlSeconds\.widget: unknown setting/],
    [{ ttlSeconds: { task: { urgent: 60 } } }, /ttlSeconds\.task\.urgent: unknown setting/],
    [
      { tiers: { task: { high: 'lukewarm' } } },
      /tiers\.task\.high: "lukewarm" is not one of hot, warm, cold/,
    ],
    [{ bands: { high: 1.2 } }, /bands\.high: 1\.2 is not a score in \[0, 1\]/],
    [
      { bands: { high: 0.2, medium: 0.4 } },
      /bands: medium \(0\.4\) must not be above high \(0\.2\)/,
    ],
    [{ jitter: { ratio: 1 } }, /jitter\.ratio: 1 is not a ratio in \[0, 1\)/],
    [
      { jitter: { minSeconds: 100, maxSeconds: 10 } },
      /jitter: minSeconds \(100\) must not be above maxSeconds/,
    ],
    [{ colour: 'blue' }, /ttlPolicy\.colour: unknown setting/],
    [[1, 2], /ttlPolicy: must be an object/],
  ])('refuses %j with a message naming the setting', (overrides, message) => {
    expect(() => resolveTtlPolicyConfig(overrides)).toThrow(message);
  });

  it('names every problem at once, and the source', () => {
    expect(() =>
      resolveTtlPolicyConfig({ bands: { high: -1 }, jitter: { ratio: 2 } }, 'policy.json'),
    ).toThrow(/Invalid policy\.json:\n {2}bands\.high.*\n {2}jitter\.ratio/);
  });
});
