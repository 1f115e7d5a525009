import { Module, type DynamicModule } from '@nestjs/common';
import { openTierStores, TiersModule, type Clock, type TiersModuleOptions } from '@strata/tiers';
import { CachedContexts } from './cached-contexts.service';

export interface ContextCacheOptions {
  /** False (`STRATA_CACHE=off`): every read goes to the source of truth. */
  enabled: boolean;
  /** Database of the warm and cold tiers. */
  databaseUrl: string;
  /** PostgreSQL schema (tests). */
  schema?: string;
  warmStore: 'database' | 'redis';
  redisUrl?: string;
  redisKeyPrefix?: string;
  /** TTLs and expiry run on it; the workload simulator passes a simulated one. */
  clock?: Clock;
}

async function tiersOptions(options: ContextCacheOptions): Promise<TiersModuleOptions> {
  if (!options.enabled) {
    return { enabled: false };
  }
  const { hot, warm, cold, release } = await openTierStores(options);
  return { enabled: true, hot, warm, cold, release, clock: options.clock };
}

/**
 * The source of truth read through the tiered cache: CachedContexts, and the StrataCache it uses.
 * Needs the global ContextsModule in the application.
 */
@Module({})
export class ContextCacheModule {
  static forRoot(options: ContextCacheOptions): DynamicModule {
    const tiers = TiersModule.forRootAsync({ useFactory: () => tiersOptions(options) });
    return {
      module: ContextCacheModule,
      imports: [tiers],
      providers: [CachedContexts],
      exports: [CachedContexts, tiers],
    };
  }
}
