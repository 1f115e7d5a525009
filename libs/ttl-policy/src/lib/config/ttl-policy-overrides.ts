import type {
  BandThresholds,
  ByBand,
  JitterConfig,
  PlacementTier,
  PolicyType,
} from '../ttl-policy-config';

/** Any part of the configuration; what is left out keeps its default. */
export interface TtlPolicyOverrides {
  ttlSeconds?: Partial<Record<PolicyType, Partial<ByBand<number>>>>;
  tiers?: Partial<Record<PolicyType, Partial<ByBand<PlacementTier>>>>;
  bands?: Partial<BandThresholds>;
  jitter?: Partial<JitterConfig>;
}
