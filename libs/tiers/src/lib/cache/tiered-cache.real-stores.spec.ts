import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSourceOptions, runMigrations } from '@strata/database';
import { InProcessInvalidationBus } from '../bus/in-process-invalidation-bus';
import { FakeClock } from '../core/clock';
import { HotTier } from '../hot';
import {
  DatabaseTierStore,
  TIER_ENTITIES,
  TIER_MIGRATIONS,
  TIER_MIGRATIONS_TABLE,
} from '../persistent';
import { FixedPlacementPolicy } from '../placement/fixed-placement-policy';
import { TieredCache } from './tiered-cache';

/**
 * The composition over the real stores: the W-TinyLFU hot tier and the database tiers on a SQLite
 * file, across a restart of the process (a new cache, new stores, the same file).
 */
describe('TieredCache over HotTier and DatabaseTierStore (SQLite)', () => {
  let directory: string;
  let dataSource: DataSource;
  const clock = new FakeClock();

  async function open() {
    dataSource = new DataSource(
      createDataSourceOptions({
        url: `sqlite:${join(directory, 'tiers.sqlite')}`,
        entities: TIER_ENTITIES,
        migrations: TIER_MIGRATIONS,
        migrationsTableName: TIER_MIGRATIONS_TABLE,
      }),
    );
    await dataSource.initialize();
    await runMigrations(dataSource);
    const hot = new HotTier({ clock, sweepIntervalMs: 0 });
    const warm = new DatabaseTierStore({ tier: 'warm', dataSource, clock });
    const cold = new DatabaseTierStore({ tier: 'cold', dataSource, clock });
    const cache = new TieredCache({
      hot,
      warm,
      cold,
      placement: new FixedPlacementPolicy(),
      bus: new InProcessInvalidationBus(),
      clock,
    });
    const close = async () => {
      await cache.close();
      hot.close();
      await Promise.all([warm.close(), cold.close()]);
      await dataSource.destroy();
    };
    return { cache, close };
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'strata-tiered-cache-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('serves warm and cold entries after a restart, promotes what is read often, and invalidates everywhere', async () => {
    const first = await open();
    const context = { type: 'context', dependencies: ['task:1', 'project:1', 'global'] };
    await first.cache.getOrLoad('context:task:1', async () => ({ title: 'a' }), context);
    await first.cache.getOrLoad('agent:1', async () => ({ model: 'b' }), {
      type: 'agent',
      dependencies: ['agent:1'],
    });
    await first.close();

    const second = await open();
    const loader = jest.fn(async () => 'reloaded');
    await expect(second.cache.getOrLoad('context:task:1', loader, context)).resolves.toEqual({
      json: '{"title":"a"}',
      source: 'warm',
    });
    await expect(
      second.cache.getOrLoad('agent:1', loader, { type: 'agent', dependencies: ['agent:1'] }),
    ).resolves.toEqual({ json: '{"model":"b"}', source: 'cold' });
    expect(loader).not.toHaveBeenCalled();

    for (let read = 0; read < 3; read++) {
      await second.cache.getOrLoad('context:task:1', loader, context);
      await second.cache.idle();
    }
    expect((await second.cache.getOrLoad('context:task:1', loader, context)).source).toBe('hot');

    await expect(second.cache.invalidate('project:1')).resolves.toBe(2);
    await expect(second.cache.entryInfo('context:task:1')).resolves.toBeUndefined();
    const stats = await second.cache.stats();
    expect(stats.tiers.warm).toMatchObject({ configured: true, circuit: 'closed', entries: 0 });
    expect(stats.tiers.cold.entries).toBe(1);
    await second.close();
  });
});
