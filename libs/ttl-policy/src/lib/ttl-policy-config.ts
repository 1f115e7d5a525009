export const VOLATILITY_BANDS = ['high', 'medium', 'low'] as const;
export type VolatilityBand = (typeof VOLATILITY_BANDS)[number];

export const PLACEMENT_TIERS = ['hot', 'warm', 'cold'] as const;
export type PlacementTier = (typeof PLACEMENT_TIERS)[number];

/** The entry types of DESIGN §2; `context` also covers the global context and unknown types. */
export const POLICY_TYPES = [
  'task',
  'project',
  'user',
  'git_branch',
  'agent',
  'template',
  'context',
] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

export type ByBand<T> = Record<VolatilityBand, T>;

export interface BandThresholds {
  /** A score at or above this is `high`. */
  high: number;
  /** A score at or above this (and below `high`) is `medium`; below it, `low`. */
  medium: number;
}

export interface JitterConfig {
  /** Largest relative deviation: 0.1 draws a TTL within ±10% of the matrix value. */
  ratio: number;
  /** No jittered TTL goes below this… */
  minSeconds: number;
  /** …or above this, whatever the matrix and ratio say. */
  maxSeconds: number;
}

export interface TtlPolicyConfig {
  ttlSeconds: Record<PolicyType, ByBand<number>>;
  tiers: Record<PolicyType, ByBand<PlacementTier>>;
  bands: BandThresholds;
  jitter: JitterConfig;
}

/** What `(type, score)` is placed as: the home tier, the TTL with jitter, and the band it came from. */
export interface TtlPlacement {
  tier: PlacementTier;
  ttlSeconds: number;
  band: VolatilityBand;
}

const hotIfHigh: ByBand<PlacementTier> = { high: 'hot', medium: 'warm', low: 'warm' };
const always = (tier: PlacementTier): ByBand<PlacementTier> => ({
  high: tier,
  medium: tier,
  low: tier,
});

/**
 * DESIGN §4. The band thresholds are calibrated together with the volatility bases (see
 * libs/volatility/README.md, "Calibration").
 */
export const DEFAULT_TTL_POLICY_CONFIG: TtlPolicyConfig = {
  ttlSeconds: {
    task: { high: 60, medium: 300, low: 600 },
    project: { high: 300, medium: 900, low: 1800 },
    user: { high: 180, medium: 600, low: 900 },
    git_branch: { high: 600, medium: 1200, low: 1800 },
    agent: { high: 1800, medium: 3600, low: 7200 },
    template: { high: 3600, medium: 7200, low: 14400 },
    context: { high: 300, medium: 600, low: 1200 },
  },
  tiers: {
    task: hotIfHigh,
    project: always('warm'),
    user: hotIfHigh,
    git_branch: always('warm'),
    agent: always('cold'),
    template: always('cold'),
    context: always('warm'),
  },
  bands: { high: 0.625, medium: 0.525 },
  jitter: { ratio: 0.1, minSeconds: 1, maxSeconds: 86_400 },
};
