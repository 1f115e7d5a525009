import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { SourceQueryCounter } from './persistence/source-query-counter';

export interface ContextsModuleOptions {
  /** DESIGN §8 `DATABASE_URL`. */
  databaseUrl: string;
  /** PostgreSQL schema to use (it must exist); tests give each suite its own. */
  schema?: string;
  /** How long one statement may wait (DatabaseTimeouts.statementTimeoutMs); unset: the default. */
  statementTimeoutMs?: number;
  /** Apply pending migrations at start (default true). */
  migrate?: boolean;
}

export const {
  ConfigurableModuleClass: ContextsOptionsConfigurableModule,
  MODULE_OPTIONS_TOKEN: CONTEXTS_MODULE_OPTIONS,
  OPTIONS_TYPE: CONTEXTS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CONTEXTS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ContextsModuleOptions>()
  .setClassMethodName('forRoot')
  // Global by default, as TypeOrmModule is: one source of truth per application.
  .setExtras({ isGlobal: true }, (definition) => definition)
  .build();

/**
 * The options and the statement counter, which both the module's services and its TypeORM
 * connection (whose logger the counter is) need: imported by both, so there is one of each.
 */
@Module({
  providers: [SourceQueryCounter],
  exports: [CONTEXTS_MODULE_OPTIONS, SourceQueryCounter],
})
export class ContextsCoreModule extends ContextsOptionsConfigurableModule {}
