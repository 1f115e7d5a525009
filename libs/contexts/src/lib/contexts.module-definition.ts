import { ConfigurableModuleBuilder } from '@nestjs/common';

export interface ContextsModuleOptions {
  /** DESIGN §8 `DATABASE_URL`. */
  databaseUrl: string;
  /** PostgreSQL schema to use (it must exist); tests give each suite its own. */
  schema?: string;
  /** Apply pending migrations at start (default true). */
  migrate?: boolean;
}

export const {
  ConfigurableModuleClass: ContextsConfigurableModule,
  MODULE_OPTIONS_TOKEN: CONTEXTS_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<ContextsModuleOptions>()
  .setClassMethodName('forRoot')
  // Global by default, as TypeOrmModule is: one source of truth per application.
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
