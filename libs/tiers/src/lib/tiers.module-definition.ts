import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { TiersModuleOptions } from './tiers.module-options';

export const {
  ConfigurableModuleClass: ConfigurableTiersModule,
  MODULE_OPTIONS_TOKEN: TIERS_MODULE_OPTIONS,
  OPTIONS_TYPE: TIERS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TIERS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TiersModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
