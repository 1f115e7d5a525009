import { EntityRelations } from '@strata/contexts';
import type { WarmingOverrides } from '../config/warming-config';
import { openModules } from '../testing/warming-modules';
import { OnDemandWarming, WarmOrderRefused } from './on-demand-warming';
import { WarmingOverview } from './warming-overview';

describe('OnDemandWarming', () => {
  let modules: Awaited<ReturnType<typeof openModules>>;
  let onDemand: OnDemandWarming;
  afterEach(() => modules.moduleRef.close());
  const open = async (strategies: string[], overrides: WarmingOverrides = {}) => {
    modules = await openModules(strategies, overrides);
    onDemand = modules.moduleRef.get(OnDemandWarming);
  };
  const refusal = (order: Parameters<OnDemandWarming['warm']>[0]) =>
    onDemand.warm(order).then(
      () => undefined,
      (error: unknown) => (error instanceof WarmOrderRefused ? error.reason : error),
    );

  it('warms named keys now through the load path, marked on-demand, and counts what it cost', async () => {
    await open([]);
    const { counter } = modules;
    const before = counter.count;
    const run = await onDemand.warm({ keys: ['context:task:t1', 'project:p1', 'context:task:t1'] });
    expect(run).toMatchObject({ strategy: 'on-demand', proposed: 2, outcomes: { loaded: 2 } });
    // Loads run side by side: in the order they finished.
    expect([...run.warmedKeys].sort()).toEqual(['context:task:t1', 'project:p1']);
    expect(run.statements).toBe(counter.count - before);
    expect(run.statements).toBeGreaterThan(0);
    expect((await onDemand.warm({ keys: ['context:task:t1'] })).outcomes.present).toBe(1);
    // A read finds it cached, marked on-demand: that strategy's success.
    expect((await modules.cached.resolve('task', 't1', 'u1')).source).not.toBe('miss');
    expect(modules.warming.stats().strategies['on-demand']).toMatchObject({
      proposed: 3,
      warmed: 2,
      present: 1,
      succeeded: 1,
    });
  });

  it("warms a project's contexts: its own, its branches', its tasks'", async () => {
    await open([]);
    const run = await onDemand.warm({ project: 'p1' });
    expect(run.warmedKeys).toEqual(
      expect.arrayContaining([
        'context:project:p1',
        'context:branch:b1',
        'context:task:t1',
        'context:task:t2',
      ]),
    );
    expect(run.proposed).toBe(4);
  });

  it('runs a scheduled strategy as its job would, and records the run', async () => {
    await open(['daily-contexts']);
    const { complete, ...run } = await onDemand.warm({ strategy: 'daily-contexts' });
    expect(complete).toBe(true);
    expect(run.warmedKeys).toEqual(expect.arrayContaining(['context:project:p1', 'user:u1']));
    expect(modules.scheduled.recentRuns()[0]).toEqual(run);
    const report = modules.moduleRef.get(WarmingOverview).report();
    expect(report.scheduledRuns[0]).toEqual(run);
    expect(report.strategies['daily-contexts']).toMatchObject({ enabled: true, warmed: 2 });
    expect(report.strategies['login']).toMatchObject({ enabled: false, proposed: 0 });
    expect(report.queue.capacity).toBeGreaterThan(0);
  });

  it('refuses, loading nothing, keys it cannot load, an unknown project, an event strategy and one switched off', async () => {
    await open(['daily-contexts']);
    const { counter } = modules;
    expect(await refusal({ keys: ['context:task:t1', 'nothing:x'] })).toBe('invalid');
    expect(await refusal({ strategy: 'login' })).toBe('invalid');
    expect(await refusal({ strategy: 'hourly-active-tasks' })).toBe('disabled');
    const before = counter.count;
    expect(await refusal({ project: 'missing' })).toBe('not-found');
    // The existence check is all an unknown project costs.
    expect(counter.count - before).toBe(1);
    expect(modules.warming.stats().strategies).toEqual({});
    expect(await modules.cache.entryInfo('context:task:t1')).toBeUndefined();
  });

  it('answers a run that outlasts onDemandAnswerMs as it stands; it goes on, the same order joins it, and others beyond maxOnDemandRuns are refused as busy', async () => {
    await open(['daily-contexts'], { onDemandAnswerMs: 20, maxOnDemandRuns: 1 });
    // The daily run's question to the source is held until released.
    const relations = modules.moduleRef.get(EntityRelations);
    const projectIds = relations.projectIds.bind(relations);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(relations, 'projectIds').mockImplementation(async () => {
      await held;
      return projectIds();
    });

    const first = await onDemand.warm({ strategy: 'daily-contexts' });
    expect(first).toMatchObject({ complete: false, proposed: 0, outcomes: { loaded: 0 } });
    const joined = await onDemand.warm({ strategy: 'daily-contexts' });
    expect(joined).toMatchObject({ complete: false, at: first.at });
    expect(relations.projectIds).toHaveBeenCalledTimes(1);
    expect(await refusal({ keys: ['context:task:t1'] })).toBe('busy');
    expect(await modules.cache.entryInfo('context:task:t1')).toBeUndefined();

    release();
    for (
      let waited = 0;
      modules.scheduled.recentRuns().length === 0 && waited < 2_000;
      waited += 5
    ) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const recorded = modules.scheduled.recentRuns()[0];
    expect(recorded).toMatchObject({ strategy: 'daily-contexts', at: first.at, proposed: 2 });
    expect(recorded.warmedKeys).toEqual(expect.arrayContaining(['context:project:p1', 'user:u1']));
    // Once it has finished, orders run again, answered complete within the time.
    const after = await onDemand.warm({ keys: ['context:task:t1'] });
    expect(after).toMatchObject({ complete: true, outcomes: { loaded: 1 } });
  });
});
