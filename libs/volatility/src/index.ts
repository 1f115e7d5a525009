export { VolatilityModule } from './lib/volatility.module';
export type { VolatilityModuleOptions } from './lib/volatility.module-definition';
export { VOLATILITY_CONNECTION, VOLATILITY_DATA_SOURCE } from './lib/volatility.tokens';
export { VolatilityService } from './lib/volatility.service';
export {
  DEFAULT_VOLATILITY_CONFIG,
  resolveVolatilityConfig,
  type VolatilityConfig,
  type VolatilityOverrides,
} from './lib/volatility-config';
export { volatilityConfigFromEnv } from './lib/volatility-config-from-env';
export type { VolatilityClock } from './lib/clock';
export type { VolatilityScore, ScoreInputs } from './lib/score/volatility-score';
export type { AggregatorSizes } from './lib/aggregator/access-aggregator';
export type { PruneResult } from './lib/persistence/volatility-store';
