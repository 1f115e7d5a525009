import { VolatilityService } from '@strata/volatility';
import { openModules } from '../../testing/warming-modules';
import { PredictiveWarming } from './predictive-warming';

const HOUR_MS = 3_600_000;

describe('PredictiveWarming', () => {
  let modules: Awaited<ReturnType<typeof openModules>>;
  afterEach(() => modules.moduleRef.close());

  it('predicts from the recorded history, warms within its budget from the source once, and records the run', async () => {
    modules = await openModules(['predictive'], { predictive: { limit: 1 } });
    const { cached, cache, scheduled, clock, moduleRef } = modules;
    const predictive = moduleRef.get(PredictiveWarming);
    // Yesterday t2 was read at 10:00, and t1, more often, at 11:00.
    clock.advance(HOUR_MS);
    for (let index = 0; index < 3; index++) {
      await cached.resolve('task', 't2', 'u1');
    }
    clock.advance(HOUR_MS);
    for (let index = 0; index < 5; index++) {
      await cached.resolve('task', 't1', 'u1');
    }
    await cache.invalidate('task:t1');
    await cache.invalidate('task:t2');
    // The next morning, just before 10:00: the 10 o'clock profile outweighs t1's reads ever.
    clock.advance(23 * HOUR_MS - 5 * 60_000);
    const run = await scheduled.run('predictive');
    expect(run.strategy).toBe('predictive');
    expect(run.warmedKeys).toEqual(['context:task:t2']);
    expect(run.statements).toBeGreaterThan(0);
    expect(predictive.lastPrediction()).toMatchObject({
      hour: 10,
      predictions: [{ key: 'context:task:t2', because: 'atHour' }],
    });
    expect((await cached.resolve('task', 't2', 'u1')).source).not.toBe('miss');
    // Just before 11:00 it is t1's turn.
    clock.advance(HOUR_MS);
    await scheduled.run('predictive');
    expect(predictive.lastPrediction()?.predictions.map(({ key }) => key)).toEqual([
      'context:task:t1',
    ]);
  });

  it('asks only the history: with nothing recorded it proposes nothing and costs no statement', async () => {
    modules = await openModules(['predictive']);
    const { scheduled, moduleRef } = modules;
    expect(moduleRef.get(VolatilityService)).toBeDefined();
    const run = await scheduled.run('predictive');
    expect(run).toMatchObject({ proposed: 0, statements: 0 });
  });

  it('proposes nothing when switched off', async () => {
    modules = await openModules(['recent-most-read']);
    await modules.cached.resolve('task', 't1', 'u1');
    expect((await modules.scheduled.run('predictive')).proposed).toBe(0);
  });
});
