import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
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
  /** How long one statement may wait (DatabaseTimeouts.statementTimeoutMs); unset: the default. */
  statementTimeoutMs?: number;
  config?: VolatilityOverrides;
  clock?: VolatilityClock;
}

export const {
  ConfigurableModuleClass: VolatilityOptionsConfigurableModule,
  MODULE_OPTIONS_TOKEN: VOLATILITY_MODULE_OPTIONS,
  OPTIONS_TYPE: VOLATILITY_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: VOLATILITY_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<VolatilityModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition) => definition)
  .build();

/** The options, which both the service and the module's TypeORM connection need. */
@Module({ exports: [VOLATILITY_MODULE_OPTIONS] })
export class VolatilityOptionsModule extends VolatilityOptionsConfigurableModule {}
