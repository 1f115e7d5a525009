import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { StrataCacheManagerOptions } from './strata-cache-manager';

export const {
  ConfigurableModuleClass: ConfigurableStrataCacheModule,
  MODULE_OPTIONS_TOKEN: STRATA_CACHE_MODULE_OPTIONS,
  OPTIONS_TYPE: STRATA_CACHE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: STRATA_CACHE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<StrataCacheManagerOptions>()
  .setClassMethodName('register')
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
