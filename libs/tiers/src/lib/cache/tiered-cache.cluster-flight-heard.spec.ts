import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { createDataSourceOptions, runMigrations } from '@strata/database';
import { InProcessInvalidationBus } from '../bus/in-process-invalidation-bus';
import { systemClock } from '../core/clock';
import type { InvalidationMessage } from '../core/invalidation-bus';
import { HotTier } from '../hot';
import {
  DatabaseTierStore,
  TIER_ENTITIES,
  TIER_MIGRATIONS,
  TIER_MIGRATIONS_TABLE,
} from '../persistent';
import { DatabaseLeaseLock } from '../persistent/locks/database-lease-lock';
import { FixedPlacementPolicy } from '../placement/fixed-placement-policy';
import { TieredCache } from './tiered-cache';

const context = { type: 'context', dependencies: ['task:1'] };

/**
 * A loader whose calls are counted and each held until the test finishes it (by call number,
 * from 0); each answers `{ version }`, fixed or the call's number from 1.
 */
function heldLoader(version?: number) {
  const finishes: (() => void)[] = [];
  const held = {
    loads: 0,
    load: async () => {
      held.loads += 1;
      const answer = { version: version ?? held.loads };
      await new Promise<void>((resolve) => finishes.push(resolve));
      return answer;
    },
    finish: (call: number) => finishes[call]?.(),
    /** Resolves once `calls` loads have begun. */
    started: async (calls: number) => {
      while (held.loads < calls) {
        await sleep(1);
      }
    },
  };
  return held;
}

/**
 * A waiter on replica B hears, while it waits, of a write replica A finished before its load
 * began (the bus is slower than the lock): what A then loads and stores is not older than that
 * write, and B takes it from the shared tier rather than loading the key a second time.
 */
describe('cluster-wide single flight and an invalidation heard while waiting', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(
      createDataSourceOptions({
        url: 'sqlite::memory:',
        entities: TIER_ENTITIES,
        migrations: TIER_MIGRATIONS,
        migrationsTableName: TIER_MIGRATIONS_TABLE,
      }),
    );
    await dataSource.initialize();
    await runMigrations(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  function replica(replicaId: string, bus: InProcessInvalidationBus): TieredCache {
    return new TieredCache({
      replicaId,
      hot: new HotTier({ clock: systemClock, sweepIntervalMs: 0 }),
      warm: new DatabaseTierStore({ tier: 'warm', dataSource, clock: systemClock }),
      placement: new FixedPlacementPolicy(),
      // Each replica's own bus: the test delivers A's invalidation to B when it chooses.
      bus,
      clock: systemClock,
      breaker: { callTimeoutMs: 2_000 },
      clusterSingleFlight: {
        lock: new DatabaseLeaseLock(dataSource, systemClock),
        leaseMs: 5_000,
        waitMs: 3_000,
        pollMs: 5,
      },
    });
  }

  it('loads once: the waiter takes the value loaded after the write from the shared tier', async () => {
    const busOfB = new InProcessInvalidationBus();
    const [a, b] = [replica('a', new InProcessInvalidationBus()), replica('b', busOfB)];
    const held = heldLoader(2);
    try {
      await a.invalidate('task:1');
      const onA = a.getOrLoad('context:task:1', held.load, context);
      await held.started(1);
      const onB = b.getOrLoad('context:task:1', held.load, context);
      await sleep(50);
      await busOfB.publish({ kind: 'dependency', dependency: 'task:1', origin: 'a' });
      held.finish(0);

      await expect(onA).resolves.toEqual({ json: '{"version":2}', source: 'miss' });
      await expect(onB).resolves.toEqual({ json: '{"version":2}', source: 'warm' });
      expect(held.loads).toBe(1);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('loads once more for a write in the middle of a load, and keeps that value for the replicas that read after it', async () => {
    const busOfB = new InProcessInvalidationBus();
    const [a, b] = [replica('a2', new InProcessInvalidationBus()), replica('b2', busOfB)];
    const held = heldLoader();
    try {
      const onA = a.getOrLoad('context:task:2', held.load, {
        ...context,
        dependencies: ['task:2'],
      });
      await held.started(1);
      const onB = b.getOrLoad('context:task:2', held.load, {
        ...context,
        dependencies: ['task:2'],
      });
      await sleep(50);
      // The write lands while A loads: A's value is refused in the shared tier, and B, told of
      // the write, loads after it once A lets go of the key.
      await a.invalidate('task:2');
      await busOfB.publish({ kind: 'dependency', dependency: 'task:2', origin: 'a2' });
      held.finish(0);
      await expect(onA).resolves.toEqual({ json: '{"version":1}', source: 'miss' });
      await held.started(2);
      held.finish(1);
      await expect(onB).resolves.toEqual({ json: '{"version":2}', source: 'miss' });
      await b.idle();

      await expect(
        a.getOrLoad('context:task:2', held.load, { ...context, dependencies: ['task:2'] }),
      ).resolves.toEqual({ json: '{"version":2}', source: 'warm' });
      expect(held.loads).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  /**
   * What bench:cluster found: B's load begins after A's write has left its tombstone in the
   * shared tier, but B hears of the write only while it loads (the bus is slower than the lock).
   * Judged by arrival, B dropped its value and every later miss loaded the key once more.
   */
  describe('a write heard only once a load is under way', () => {
    const dependencies = ['task:3'];

    /** What the writer's replica published on its bus during `write`. */
    async function published(busOfWriter: InProcessInvalidationBus, write: () => Promise<unknown>) {
      const messages: InvalidationMessage[] = [];
      const unsubscribe = busOfWriter.subscribe((message) => messages.push(message));
      await write();
      unsubscribe();
      return messages;
    }

    it('keeps the value of a load that read the shared tier after the write: nobody loads it again', async () => {
      const [busOfA, busOfB] = [new InProcessInvalidationBus(), new InProcessInvalidationBus()];
      const [a, b] = [replica('a3', busOfA), replica('b3', busOfB)];
      const held = heldLoader(2);
      try {
        const messages = await published(busOfA, () => a.invalidate('task:3'));
        expect(messages[0]?.appliedAt).toBeDefined();
        const onB = b.getOrLoad('context:task:3', held.load, { ...context, dependencies });
        await held.started(1);
        for (const message of messages) {
          await busOfB.publish(message);
        }
        held.finish(0);
        await expect(onB).resolves.toEqual({ json: '{"version":2}', source: 'miss' });
        await b.idle();

        await expect(
          a.getOrLoad('context:task:3', held.load, { ...context, dependencies }),
        ).resolves.toEqual({
          json: '{"version":2}',
          source: 'warm',
        });
        expect(held.loads).toBe(1);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('still drops the value of a load that began before the write', async () => {
      const [busOfA, busOfB] = [new InProcessInvalidationBus(), new InProcessInvalidationBus()];
      const [a, b] = [replica('a4', busOfA), replica('b4', busOfB)];
      const held = heldLoader();
      const deps = { ...context, dependencies: ['task:4'] };
      try {
        const onB = b.getOrLoad('context:task:4', held.load, deps);
        await held.started(1);
        const messages = await published(busOfA, () => a.invalidate('task:4'));
        for (const message of messages) {
          await busOfB.publish(message);
        }
        held.finish(0);
        await expect(onB).resolves.toEqual({ json: '{"version":1}', source: 'miss' });
        await b.idle();

        const onA = a.getOrLoad('context:task:4', held.load, deps);
        await held.started(2);
        held.finish(1);
        await expect(onA).resolves.toEqual({ json: '{"version":2}', source: 'miss' });
        await expect(b.getOrLoad('context:task:4', held.load, deps)).resolves.not.toEqual({
          json: '{"version":1}',
          source: expect.any(String),
        });
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
});
