export { TtlPolicy, policyTypeOf } from './lib/ttl-policy';
export { bandOf } from './lib/volatility-band';
export { jitteredTtl, type RandomSource } from './lib/jitter';
export { seededRandom } from './lib/seeded-random';
export {
  DEFAULT_TTL_POLICY_CONFIG,
  POLICY_TYPES,
  VOLATILITY_BANDS,
  PLACEMENT_TIERS,
} from './lib/ttl-policy-config';
export type {
  TtlPolicyConfig,
  TtlPlacement,
  PolicyType,
  VolatilityBand,
  PlacementTier,
  BandThresholds,
  JitterConfig,
} from './lib/ttl-policy-config';
export type { TtlPolicyOverrides } from './lib/config/ttl-policy-overrides';
export { resolveTtlPolicyConfig } from './lib/config/resolve-ttl-policy-config';
export {
  ttlPolicyConfigFromEnv,
  TTL_POLICY_FILE_VARIABLE,
} from './lib/config/ttl-policy-config-from-env';
export { TtlPolicyModule } from './lib/ttl-policy.module';
export type { TtlPolicyModuleOptions } from './lib/ttl-policy.module-definition';
