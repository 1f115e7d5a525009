import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CachedContexts, ContextCacheModule } from '@strata/context-cache';
import { ContextsModule, EntityStore, SourceQueryCounter } from '@strata/contexts';
import {
  openTierStores,
  StrataCache,
  TiersModule,
  type FakeClock,
  type PlacementPolicy,
} from '@strata/tiers';
import type { WorkloadDatabases } from './workload-databases';

/** The services one pass drives, out of a Nest application context over the real modules. */
export interface WorkloadApplication {
  cached: CachedContexts;
  cache: StrataCache;
  store: EntityStore;
  counter: SourceQueryCounter;
  close(): Promise<void>;
}

export interface WorkloadApplicationSpec {
  databases: WorkloadDatabases;
  cacheEnabled: boolean;
  clock: FakeClock;
  placement?: PlacementPolicy;
}

@Module({})
class WorkloadRootModule {}

@Module({})
class PlacedContextCacheModule {}

/**
 * ContextCacheModule.forRoot takes no placement policy yet. With one, this builds what it builds
 * (TiersModule over the stores openTierStores opens, and CachedContexts) with the policy added,
 * so the TTL-policy issue can rerun the workload without changing the library first.
 */
function placedContextCacheModule(
  spec: WorkloadApplicationSpec,
  placement: PlacementPolicy,
): DynamicModule {
  const { cache } = spec.databases;
  const tiers = TiersModule.forRootAsync({
    useFactory: async () => {
      const stores = await openTierStores({
        databaseUrl: cache.url,
        schema: cache.schema,
        warmStore: 'database',
        clock: spec.clock,
      });
      return { enabled: true, ...stores, clock: spec.clock, placement };
    },
  });
  return {
    module: PlacedContextCacheModule,
    imports: [tiers],
    providers: [CachedContexts],
    exports: [CachedContexts, tiers],
  };
}

function cacheModule(spec: WorkloadApplicationSpec): DynamicModule {
  if (spec.placement !== undefined && spec.cacheEnabled) {
    return placedContextCacheModule(spec, spec.placement);
  }
  const { cache } = spec.databases;
  return ContextCacheModule.forRoot({
    enabled: spec.cacheEnabled,
    databaseUrl: cache.url,
    schema: cache.schema,
    warmStore: 'database',
    clock: spec.clock,
  });
}

export async function openWorkloadApplication(
  spec: WorkloadApplicationSpec,
): Promise<WorkloadApplication> {
  const { source } = spec.databases;
  const root: DynamicModule = {
    module: WorkloadRootModule,
    imports: [
      ContextsModule.forRoot({ databaseUrl: source.url, schema: source.schema }),
      cacheModule(spec),
    ],
  };
  const app: INestApplicationContext = await NestFactory.createApplicationContext(root, {
    logger: ['error', 'warn'],
  });
  return {
    cached: app.get(CachedContexts, { strict: false }),
    cache: app.get(StrataCache, { strict: false }),
    store: app.get(EntityStore, { strict: false }),
    counter: app.get(SourceQueryCounter, { strict: false }),
    close: () => app.close(),
  };
}
