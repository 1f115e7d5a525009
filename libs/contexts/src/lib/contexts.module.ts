import { Module, type DynamicModule } from '@nestjs/common';
import { storeConnection } from '@strata/database';
import {
  CONTEXTS_ASYNC_OPTIONS_TYPE,
  CONTEXTS_MODULE_OPTIONS,
  CONTEXTS_OPTIONS_TYPE,
  ContextsCoreModule,
  type ContextsModuleOptions,
} from './contexts.module-definition';
import { CONTEXTS_CONNECTION } from './contexts.tokens';
import { CONTEXT_MIGRATIONS } from './persistence/migrations';
import { CONTEXT_RECORDS } from './persistence/records/entity-records';
import { SourceQueryCounter } from './persistence/source-query-counter';
import { ContextResolver } from './resolution/context-resolver.service';
import { EntityStore } from './store/entity-store.service';
import { EntityRelations } from './store/entity-relations.service';
import { EventLog } from './store/event-log.service';
import { InvalidationOutbox } from './store/invalidation-outbox.service';

const CONTEXTS_STORE = {
  entities: CONTEXT_RECORDS,
  migrations: CONTEXT_MIGRATIONS,
  migrationsTableName: 'strata_contexts_migrations',
};

/**
 * The source of truth: entities, their persistence, and resolution (DESIGN §1), over the named
 * TypeORM connection `contexts`, whose logger is the SourceQueryCounter. `forRoot(options)` or
 * `forRootAsync({ useFactory, inject })`; global unless `isGlobal: false`.
 */
@Module({
  providers: [EntityStore, ContextResolver, EventLog, EntityRelations, InvalidationOutbox],
  exports: [EntityStore, ContextResolver, EventLog, EntityRelations, InvalidationOutbox],
})
export class ContextsModule {
  static forRoot(options: typeof CONTEXTS_OPTIONS_TYPE): DynamicModule {
    return ContextsModule.over(ContextsCoreModule.forRoot(options), options.isGlobal);
  }

  static forRootAsync(options: typeof CONTEXTS_ASYNC_OPTIONS_TYPE): DynamicModule {
    return ContextsModule.over(ContextsCoreModule.forRootAsync(options), options.isGlobal);
  }

  private static over(core: DynamicModule, isGlobal = true): DynamicModule {
    const connection = storeConnection(CONTEXTS_CONNECTION, CONTEXTS_STORE, {
      imports: [core],
      inject: [CONTEXTS_MODULE_OPTIONS, SourceQueryCounter],
      useFactory: (options: ContextsModuleOptions, counter: SourceQueryCounter) => ({
        url: options.databaseUrl,
        schema: options.schema,
        statementTimeoutMs: options.statementTimeoutMs,
        migrate: options.migrate,
        logger: counter,
      }),
    });
    return {
      module: ContextsModule,
      global: isGlobal,
      imports: [core, connection],
      exports: [core, connection],
    };
  }
}
