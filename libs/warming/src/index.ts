export { WarmingModule } from './lib/warming.module';
export type { WarmingModuleOptions } from './lib/warming.module-definition';
export { WarmingService } from './lib/core/warming.service';
export type { WarmRunReport } from './lib/core/warming.service';
export type { StrategyFigures, WarmingStats } from './lib/core/warming-ledger';
export type { WarmingStrategy, WarmProposal } from './lib/core/warming-strategy';
export { WarmingTriggers } from './lib/warming-triggers';
export { ScheduledWarming } from './lib/strategies/scheduled/scheduled-warming';
export type { ScheduledRun, ScheduledTotals } from './lib/strategies/scheduled/scheduled-warming';
export {
  DEFAULT_WARMING_SETTINGS,
  WARMING_STRATEGIES,
  type WarmingOverrides,
  type WarmingSettings,
  type WarmingStrategyName,
} from './lib/config/warming-config';
export { warmingConfigFromEnv } from './lib/config/warming-config-from-env';
export { PredictiveWarming } from './lib/strategies/predictive/predictive-warming';
export type { PredictionRecord } from './lib/strategies/predictive/predictive-warming';
export type { Prediction } from './lib/strategies/predictive/prediction-model';
export type { MeasuredRun } from './lib/core/measured-run';
export { SCHEDULED_STRATEGIES } from './lib/strategies/scheduled/scheduled-warming';
export type { ScheduledStrategy } from './lib/strategies/scheduled/scheduled-warming';
export {
  ON_DEMAND_STRATEGY,
  OnDemandWarming,
  WarmOrderRefused,
  type WarmOrder,
} from './lib/on-demand/on-demand-warming';
export { WarmingOverview } from './lib/on-demand/warming-overview';
export type { StrategyReport, WarmingReport } from './lib/on-demand/warming-overview';
export { StartupWarming } from './lib/startup/startup-warming';
export type { StartupRun, StartupSkips, StartupState } from './lib/startup/startup-run';
