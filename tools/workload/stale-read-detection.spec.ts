import 'reflect-metadata';
import { CachedContexts } from '@strata/context-cache';
import type { EntityStore, EntityType } from '@strata/contexts';
import { runWorkload } from './run-workload';
import { defaultWorkloadOptions, type WorkloadOptions } from './workload-options';

// End to end through the real modules on SQLite: a few seconds, no timing asserted.
jest.setTimeout(60_000);

const small: WorkloadOptions = {
  ...defaultWorkloadOptions(true),
  requests: 1_500,
  // Its two extra passes have a spec of their own (cold-restart.spec.ts); here they only
  // doubled the time (over the 60 s bound in CI on a loaded machine).
  coldRestart: false,
  writesPerDay: {
    task: 60,
    git_branch: 12,
    project: 12,
    user: 0,
    agent: 0,
    template: 0,
    global: 0,
  },
};

describe('runWorkload stale-read check', () => {
  afterEach(() => jest.restoreAllMocks());

  it('finds none when writes invalidate as CachedContexts does', async () => {
    const report = await runWorkload(small);
    expect(report.headline.staleReads).toBe(0);
    expect(report.cached.writes).toBeGreaterThan(0);
  });

  it('counts the reads a write that skipped invalidation left stale', async () => {
    // A deliberately broken write path: to the source, without invalidating the cache.
    jest.spyOn(CachedContexts.prototype, 'patch').mockImplementation(async function (
      this: { store: EntityStore },
      type: EntityType,
      id: string,
      input: object,
    ) {
      return (await this.store.patch(type, id, input)).entity as never;
    });
    const report = await runWorkload(small);
    expect(report.cached.staleReads).toBeGreaterThan(0);
    // The uncached pass reads the source itself, so it can never be stale.
    expect(report.uncached.staleReads).toBe(0);
  });
});
