import { StatementCounter } from '@strata/database';
import { setTimeout as sleep } from 'node:timers/promises';
import { FakeClock } from '../core/clock';
import type { HotDeparture } from '../core/tier-store';
import { HotTier } from '../hot/hot-tier';
import { FixedPlacementPolicy } from '../placement/fixed-placement-policy';
import { createTestCache } from '../testing/create-test-cache';
import type { CacheAnswer } from './cache-observer';
import { PassThroughCache } from './pass-through-cache';

const task = (id: number) => ({ type: 'task', dependencies: [`task:${id}`] });

/** A loader that runs `statements` statements on `counter`, yielding between them. */
function loaderRunning(counter: StatementCounter, statements: number) {
  return async () => {
    for (let statement = 0; statement < statements; statement++) {
      await sleep(1);
      counter.logQuery();
    }
    return { statements };
  };
}

describe('TieredCache observation', () => {
  it('records each load its own statements as loadCost, even while other loads run at once', async () => {
    const counter = new StatementCounter();
    const { cache, warm } = createTestCache({ loadCostMeter: counter });

    const answers = await Promise.all([
      cache.getOrLoad('task:1', loaderRunning(counter, 3), task(1)),
      cache.getOrLoad('task:2', loaderRunning(counter, 5), task(2)),
      cache.getOrLoad('task:3', loaderRunning(counter, 0), task(3)),
    ]);
    await cache.idle();

    expect(answers.map((answer) => answer.loadCost)).toEqual([3, 5, 0]);
    expect(counter.count).toBe(8);
    expect((await warm.get('task:2'))?.loadCost).toBe(5);
    // A hit answers with the cost its entry recorded: what serving it from the tier saved.
    await expect(cache.getOrLoad('task:2', loaderRunning(counter, 5), task(2))).resolves.toEqual(
      expect.objectContaining({ source: 'warm', loadCost: 5 }),
    );
    expect(counter.count).toBe(8);
  });

  it('answers a warm with the statements its load ran here, stored or overtaken, none when present', async () => {
    const counter = new StatementCounter();
    const { cache } = createTestCache({ loadCostMeter: counter });
    const warm = (id: number, load: () => Promise<unknown>) =>
      cache.warm({ key: `task:${id}`, ...task(id), load, strategy: 'login' });

    await expect(warm(1, loaderRunning(counter, 3))).resolves.toMatchObject({
      outcome: 'loaded',
      statements: 3,
    });
    await expect(warm(1, loaderRunning(counter, 3))).resolves.not.toHaveProperty('statements');
    const overtaking = warm(2, async () => {
      counter.logQuery();
      counter.logQuery();
      await cache.invalidate('task:2');
      return {};
    });
    await expect(overtaking).resolves.toEqual({ outcome: 'overtaken', statements: 2 });
  });

  it('tells observers of every answer with its source, type, load cost and time', async () => {
    const counter = new StatementCounter();
    const { cache } = createTestCache({ loadCostMeter: counter });
    const seen: CacheAnswer[] = [];
    const stop = cache.observe({ answered: (answer) => seen.push(answer) });

    await cache.getOrLoad('task:1', loaderRunning(counter, 2), task(1));
    await cache.idle();
    await cache.getOrLoad('task:1', loaderRunning(counter, 2), task(1));
    await cache.get('task:9');
    await expect(
      cache.getOrLoad('task:2', () => Promise.reject(new Error('down')), task(2)),
    ).rejects.toThrow('down');
    stop();
    await cache.getOrLoad('task:1', loaderRunning(counter, 2), task(1));

    expect(seen.map(({ seconds, ...rest }) => (seconds >= 0 ? rest : 'negative time'))).toEqual([
      { type: 'task', source: 'miss', loadCost: 2 },
      { type: 'task', source: 'warm', loadCost: 2 },
      { type: undefined, source: 'miss', loadCost: undefined },
      { type: 'task', source: 'miss', failed: true },
    ]);
  });

  it('tells observers of entries leaving the hot tier, read or not', async () => {
    const clock = new FakeClock();
    const hot = new HotTier({ clock });
    const placement = new FixedPlacementPolicy({ task: { tier: 'hot', ttlSeconds: 60 } });
    const { cache } = createTestCache({ clock, hot, placement });
    const departures: HotDeparture[] = [];
    cache.observe({ departed: (departure) => departures.push(departure) });

    await cache.getOrLoad('task:1', async () => 'read again', task(1));
    await cache.getOrLoad('task:2', async () => 'never read', task(2));
    await cache.getOrLoad('task:1', async () => 'read again', task(1));
    await cache.invalidate('task:1');
    await cache.invalidate('task:2');

    expect(departures.map(({ key, readSinceAdmitted }) => ({ key, readSinceAdmitted }))).toEqual([
      { key: 'task:1', readSinceAdmitted: true },
      { key: 'task:2', readSinceAdmitted: false },
    ]);
    hot.close();
  });

  it('the pass-through cache tells observers of every load as a miss', async () => {
    const cache = new PassThroughCache();
    const seen: CacheAnswer[] = [];
    cache.observe({ answered: (answer) => seen.push(answer) });
    await cache.getOrLoad('task:1', async () => 1, task(1));
    expect(seen).toEqual([expect.objectContaining({ type: 'task', source: 'miss' })]);
  });
});
