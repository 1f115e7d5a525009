import { ConfigurableModuleBuilder } from '@nestjs/common';

/** A named TypeORM connection the application depends on, and the key /health reports it under. */
export interface DatabaseDependency {
  key: string;
  connection: string;
  /** Without it the process should get no traffic (the source of truth); else it is optional. */
  required?: boolean;
}

export interface HealthModuleOptions {
  databases: DatabaseDependency[];
  /** Checked when set (`REDIS_URL`), as an optional dependency. */
  redisUrl?: string;
  /** How long a dependency may take to answer before it counts as down (default 2000 ms). */
  timeoutMs?: number;
}

export const {
  ConfigurableModuleClass: ConfigurableHealthModule,
  MODULE_OPTIONS_TOKEN: HEALTH_MODULE_OPTIONS,
} = new ConfigurableModuleBuilder<HealthModuleOptions>().setClassMethodName('forRoot').build();
