import type { DynamicModule } from '@nestjs/common';
import { ContextsModule } from '@strata/contexts';
import { LoggingModule } from '../logging/logging.module';
import type { LoggingConfig } from '../logging/logging-config';
import { fromConfig, type SectionReader } from './from-config';
import type { ServerConfig } from './server-config';
import { serverSecrets } from './server-secrets';

/** The sections every Strata application's configuration has. */
interface FoundationConfig {
  logging: LoggingConfig;
  server: ServerConfig;
}

/**
 * Logging (the server's secrets redacted) and the source of truth, as every Strata application
 * and the benchmarks' peer servers configure them from the validated `logging` and `server`
 * sections; `schema` names a test's own PostgreSQL schema.
 */
export function foundationModules(schema?: string): DynamicModule[] {
  const from = <T>(pick: (section: SectionReader<FoundationConfig>) => T) =>
    fromConfig<FoundationConfig, T>(pick);
  return [
    LoggingModule.forRootAsync(
      from((section) => ({
        level: section('logging').level,
        secrets: serverSecrets(section('server')),
      })),
    ),
    ContextsModule.forRootAsync(
      from((section) => ({
        databaseUrl: section('server').databaseUrl,
        statementTimeoutMs: section('server').databaseTimeouts.statementTimeoutMs,
        schema,
      })),
    ),
  ];
}
