import { openModules } from '../../testing/warming-modules';

describe('ScheduledWarming', () => {
  let modules: Awaited<ReturnType<typeof openModules>>;
  afterEach(() => modules.moduleRef.close());

  it('warms the contexts read most in the recent past, and records the run with its statements', async () => {
    modules = await openModules(['recent-most-read']);
    const { cached, cache, scheduled, clock } = modules;
    for (let index = 0; index < 3; index++) {
      await cached.resolve('task', 't1', 'u1');
    }
    await cached.resolve('task', 't2', 'u1');
    await cache.invalidate('task:t1');
    await cache.invalidate('task:t2');
    clock.advance(60_000);
    const run = await scheduled.run('recent-most-read');
    expect(run.warmedKeys).toEqual(['context:task:t1', 'context:task:t2']);
    expect(run.statements).toBeGreaterThan(0);
    expect(scheduled.recentRuns()[0]).toBe(run);
    expect((await cached.resolve('task', 't1', 'u1')).source).not.toBe('miss');
    // The ledger counts the loads' statements; the run's question asked the volatility store,
    // not the source, so the loads are all the source ran for it.
    expect(modules.warming.stats().strategies['recent-most-read'].statements).toBe(run.statements);
  });

  it('sums every run since start by strategy, beyond the recent runs it keeps', async () => {
    modules = await openModules(['hourly-active-tasks']);
    const { scheduled } = modules;
    const runs = [];
    for (let index = 0; index < 22; index++) {
      runs.push(await scheduled.run('hourly-active-tasks'));
    }
    expect(scheduled.recentRuns()).toHaveLength(20);
    expect(scheduled.totals()).toEqual({
      'hourly-active-tasks': {
        runs: 22,
        warmed: runs.reduce((sum, run) => sum + run.outcomes.loaded, 0),
        statements: runs.reduce((sum, run) => sum + run.statements, 0),
      },
    });
    expect(scheduled.totals()['hourly-active-tasks'].warmed).toBeGreaterThan(0);
  });

  it('warms the contexts of tasks written lately, and nothing for a strategy switched off', async () => {
    modules = await openModules(['hourly-active-tasks']);
    const { scheduled, cached } = modules;
    await cached.patch('task', 't2', { data: { step: 2 } });
    const run = await scheduled.run('hourly-active-tasks');
    expect(run.warmedKeys).toEqual(expect.arrayContaining(['context:task:t1', 'context:task:t2']));
    expect((await scheduled.run('daily-contexts')).proposed).toBe(0);
  });
});
