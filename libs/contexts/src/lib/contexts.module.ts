import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createDataSourceOptions, runMigrations } from '@strata/database';
import { DataSource } from 'typeorm';
import {
  CONTEXTS_MODULE_OPTIONS,
  ContextsConfigurableModule,
  type ContextsModuleOptions,
} from './contexts.module-definition';
import { CONTEXTS_DATA_SOURCE } from './contexts.tokens';
import { CONTEXT_MIGRATIONS } from './persistence/migrations/1764000000000-create-contexts-schema';
import { CONTEXT_RECORDS } from './persistence/records/entity-records';
import { SourceQueryCounter } from './persistence/source-query-counter';
import { ContextResolver } from './resolution/context-resolver.service';
import { EntityStore } from './store/entity-store.service';
import { EventLog } from './store/event-log.service';

const dataSourceProvider = {
  provide: CONTEXTS_DATA_SOURCE,
  inject: [CONTEXTS_MODULE_OPTIONS, SourceQueryCounter],
  useFactory: async (options: ContextsModuleOptions, counter: SourceQueryCounter) => {
    const dataSource = new DataSource(
      createDataSourceOptions({
        url: options.databaseUrl,
        schema: options.schema,
        entities: CONTEXT_RECORDS,
        migrations: CONTEXT_MIGRATIONS,
        migrationsTableName: 'strata_contexts_migrations',
        logger: counter,
      }),
    );
    await dataSource.initialize();
    if (options.migrate ?? true) {
      await runMigrations(dataSource);
    }
    return dataSource;
  },
};

/** The source of truth: entities, their persistence, and resolution (DESIGN §1). */
@Module({
  providers: [SourceQueryCounter, dataSourceProvider, EntityStore, ContextResolver, EventLog],
  exports: [CONTEXTS_DATA_SOURCE, SourceQueryCounter, EntityStore, ContextResolver, EventLog],
})
export class ContextsModule extends ContextsConfigurableModule implements OnApplicationShutdown {
  constructor(@Inject(CONTEXTS_DATA_SOURCE) private readonly dataSource: DataSource) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}
