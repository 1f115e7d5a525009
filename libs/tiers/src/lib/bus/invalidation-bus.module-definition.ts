import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { InvalidationBusOptions } from './create-invalidation-bus';

/** The process's InvalidationBus. */
export const INVALIDATION_BUS = Symbol('INVALIDATION_BUS');

export const {
  ConfigurableModuleClass: ConfigurableInvalidationBusModule,
  MODULE_OPTIONS_TOKEN: INVALIDATION_BUS_OPTIONS,
  OPTIONS_TYPE: INVALIDATION_BUS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: INVALIDATION_BUS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<InvalidationBusOptions>().setClassMethodName('forRoot').build();
