import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { Clock } from '@strata/tiers';
import type { WarmingOverrides } from './config/warming-config';

export interface WarmingModuleOptions {
  /** Laid over the defaults and validated at start; `warmingConfigFromEnv()` reads the environment. */
  config?: WarmingOverrides;
  /** The cache's clock (defaults to the system clock). */
  clock?: Clock;
  /**
   * Whether this process fills its hot tier from the warm tier at start (StartupWarming): true
   * by default, as an api replica does; the warmer, whose hot tier answers no request, says false.
   */
  startupWarming?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableWarmingModule,
  MODULE_OPTIONS_TOKEN: WARMING_MODULE_OPTIONS,
  OPTIONS_TYPE: WARMING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WARMING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WarmingModuleOptions>().setClassMethodName('forRoot').build();
