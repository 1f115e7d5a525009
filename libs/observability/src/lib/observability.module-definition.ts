import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { Clock } from '@strata/tiers';
import type { ObservabilityConfig } from './config/observability-config';

export interface ObservabilityModuleOptions {
  /** `observabilityConfigFromEnv`'s validated settings. */
  config: ObservabilityConfig;
  /** Time of the KPI windows and the alerts (tests pass a FakeClock). */
  clock?: Clock;
  /**
   * False: the rules are evaluated only when `AlertService.evaluate` is called, and the KPI
   * history sampled only by `KpiService.sampleHistory` (tests).
   */
  evaluateOnSchedule?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableObservabilityModule,
  MODULE_OPTIONS_TOKEN: OBSERVABILITY_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<ObservabilityModuleOptions>()
  .setClassMethodName('forRoot')
  .build();
