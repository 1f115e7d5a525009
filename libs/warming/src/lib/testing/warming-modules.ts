import { Test, type TestingModule } from '@nestjs/testing';
import { CachedContexts, ContextCacheModule } from '@strata/context-cache';
import { ContextsModule, EntityStore, SourceQueryCounter } from '@strata/contexts';
import { FakeClock, StrataCache } from '@strata/tiers';
import type { WarmingOverrides } from '../config/warming-config';
import { WarmingService } from '../core/warming.service';
import { ScheduledWarming } from '../strategies/scheduled/scheduled-warming';
import { WarmingModule } from '../warming.module';
import { WarmingTriggers } from '../warming-triggers';

/** The real modules on in-memory SQLite and a fake clock, as the api composes them. */
export async function openModules(strategies: string[], overrides: WarmingOverrides = {}) {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 9));
  const contextCache = ContextCacheModule.forRoot({
    enabled: true,
    databaseUrl: 'sqlite::memory:',
    volatilityDatabaseUrl: 'sqlite::memory:',
    warmStore: 'database',
    clock,
  });
  const moduleRef: TestingModule = await Test.createTestingModule({
    imports: [
      ContextsModule.forRoot({ databaseUrl: 'sqlite::memory:' }),
      contextCache,
      WarmingModule.forRootAsync({
        imports: [contextCache],
        useFactory: () => ({ config: { ...overrides, strategies }, clock }),
      }),
    ],
  }).compile();
  await moduleRef.init();
  const store = moduleRef.get(EntityStore);
  const cached = moduleRef.get(CachedContexts);
  await store.create('project', { id: 'p1', name: 'P1', data: { lang: 'go' } });
  await store.create('git_branch', { id: 'b1', projectId: 'p1', name: 'main', data: {} });
  await store.create('user', { id: 'u1', name: 'U1', data: {}, projectIds: ['p1'] });
  for (const id of ['t1', 't2']) {
    await store.create('task', { id, branchId: 'b1', title: id, data: {}, assigneeIds: ['u1'] });
  }
  return {
    moduleRef,
    clock,
    store,
    cached,
    cache: moduleRef.get(StrataCache),
    counter: moduleRef.get(SourceQueryCounter),
    warming: moduleRef.get(WarmingService),
    triggers: moduleRef.get(WarmingTriggers),
    scheduled: moduleRef.get(ScheduledWarming),
  };
}
