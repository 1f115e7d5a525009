import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { VolatilityClock } from './clock';
import type { VolatilityOverrides } from './volatility-config';

export interface VolatilityModuleOptions {
  /**
   * The analytics' own database. On SQLite give it a file of its own
   * (`siblingDatabaseUrl(DATABASE_URL, 'volatility')`): one file per connection in a process.
   */
  databaseUrl: string;
  /** PostgreSQL schema (tests). */
  schema?: string;
  config?: VolatilityOverrides;
  clock?: VolatilityClock;
}

export const {
  ConfigurableModuleClass: ConfigurableVolatilityModule,
  MODULE_OPTIONS_TOKEN: VOLATILITY_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<VolatilityModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
