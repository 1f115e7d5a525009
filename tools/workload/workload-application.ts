import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  AdaptivePlacementPolicy,
  CachedContexts,
  ContextCacheModule,
  OutboxReplay,
  type ContextCacheOptions,
} from '@strata/context-cache';
import { ContextsModule, EntityStore, EventLog, SourceQueryCounter } from '@strata/contexts';
import { DEFAULT_SOURCE_ADMISSION_OPTIONS, StrataCache, type FakeClock } from '@strata/tiers';
import { TtlPolicy } from '@strata/ttl-policy';
import { VolatilityService } from '@strata/volatility';
import {
  PredictiveWarming,
  ScheduledWarming,
  StartupWarming,
  WarmingModule,
  WarmingService,
  WarmingTriggers,
  type WarmingOverrides,
} from '@strata/warming';
import { PlatformEvents } from './platform-events';
import type { WorkloadDatabases } from './workload-databases';

/** The services one pass drives, out of a Nest application context over the real modules. */
export interface WorkloadApplication {
  cached: CachedContexts;
  cache: StrataCache;
  store: EntityStore;
  counter: SourceQueryCounter;
  events: PlatformEvents;
  warming: WarmingService;
  /** The warmer's scheduled runs, which the pass calls on their schedule. */
  scheduled: ScheduledWarming;
  predictive: PredictiveWarming;
  /** The cache's placement over the same scores: what a load is placed as (the band report). */
  placement: AdaptivePlacementPolicy;
  /** Start-up warming, which the application began at bootstrap (the cold restart waits for it). */
  startup: StartupWarming;
  /** Replays the invalidations of writes made past the cache (the seed's), as a start does. */
  outbox: OutboxReplay;
  close(): Promise<void>;
}

/** What the simulator decides itself: everything else of ContextCacheOptions may be passed on. */
type OwnCacheOptions = 'enabled' | 'databaseUrl' | 'schema' | 'warmStore' | 'clock';
export type ExtraCacheOptions = Partial<Omit<ContextCacheOptions, OwnCacheOptions>>;

export interface WorkloadApplicationSpec {
  databases: WorkloadDatabases;
  cacheEnabled: boolean;
  clock: FakeClock;
  cacheOptions?: ExtraCacheOptions;
  /** Warming's settings (its strategies: none for a pass without warming). */
  warming: WarmingOverrides;
}

@Module({})
class WorkloadRootModule {}

/** ContextsModule and ContextCacheModule as the api composes them, on the simulated clock. */
export async function openWorkloadApplication(
  spec: WorkloadApplicationSpec,
): Promise<WorkloadApplication> {
  const { source, cache } = spec.databases;
  const contextCache = ContextCacheModule.forRoot({
    // One request at a time cannot overload the source; the lag a loaded machine gives the event
    // loop (the seed's synchronous inserts, other work) must not refuse the simulator's loads.
    sourceAdmission: { ...DEFAULT_SOURCE_ADMISSION_OPTIONS, maxEventLoopLagMs: 0 },
    ...spec.cacheOptions,
    enabled: spec.cacheEnabled,
    databaseUrl: cache.url,
    schema: cache.schema,
    warmStore: 'database',
    clock: spec.clock,
  });
  const root: DynamicModule = {
    module: WorkloadRootModule,
    imports: [
      ContextsModule.forRoot({ databaseUrl: source.url, schema: source.schema }),
      contextCache,
      WarmingModule.forRootAsync({
        imports: [contextCache],
        // No statement rate: the pass waits for warming within each simulated instant, so a rate
        // would only stretch the run in real time without changing a count (SourceThrottle is
        // tested on a fake clock instead).
        useFactory: () => ({
          config: { ...spec.warming, throttle: { statementsPerSecond: 0 } },
          clock: spec.clock,
        }),
      }),
    ],
  };
  const app = await NestFactory.createApplicationContext(root, { logger: ['error', 'warn'] });
  return {
    cached: app.get(CachedContexts, { strict: false }),
    cache: app.get(StrataCache, { strict: false }),
    store: app.get(EntityStore, { strict: false }),
    counter: app.get(SourceQueryCounter, { strict: false }),
    warming: app.get(WarmingService, { strict: false }),
    scheduled: app.get(ScheduledWarming, { strict: false }),
    predictive: app.get(PredictiveWarming, { strict: false }),
    startup: app.get(StartupWarming, { strict: false }),
    outbox: app.get(OutboxReplay, { strict: false }),
    placement: new AdaptivePlacementPolicy(
      app.get(VolatilityService, { strict: false }),
      app.get(TtlPolicy, { strict: false }),
    ),
    events: new PlatformEvents(
      app.get(EventLog, { strict: false }),
      optional(app, VolatilityService),
      app.get(WarmingTriggers, { strict: false }),
    ),
    close: () => app.close(),
  };
}

/** A provider the cache module may or may not offer, depending on its version and options. */
function optional<T>(
  app: INestApplicationContext,
  token: abstract new (...args: never[]) => T,
): T | undefined {
  try {
    return app.get(token, { strict: false });
  } catch {
    return undefined;
  }
}
