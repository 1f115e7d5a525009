import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { entrySizeBytes } from '../core/cache-entry';
import type { CacheEntry } from '../core/cache-entry';
import { FakeClock } from '../core/clock';
import type { PersistentTierStore } from '../core/tier-store';
import type { PersistentTierStoreOptions } from './persistent-tier-store-options';

/** Where a store under test keeps its entries; stores opened on one backend share them. */
export interface PersistentStoreBackend {
  open(options: PersistentTierStoreOptions): Promise<PersistentTierStore>;
  /** Closes every store and connection opened so far, as a process exit would. */
  restart(): Promise<void>;
  /** Removes every entry, so each test starts empty. */
  clear(): Promise<void>;
  dispose(): Promise<void>;
}

const SECOND = 1000;

/** Stores the entry with a stamp taken just before, as a load that began now would; returns what was evicted. */
async function put(store: PersistentTierStore, entry: CacheEntry): Promise<CacheEntry[]> {
  return (await store.set(entry, await store.stamp())).evicted;
}

/**
 * What every persistent tier store must do, whatever holds its entries: one suite, run against
 * each implementation and database.
 */
export function describePersistentTierStoreContract(
  name: string,
  createBackend: () => Promise<PersistentStoreBackend>,
): void {
  describe(`${name}: PersistentTierStore contract`, () => {
    let backend: PersistentStoreBackend;
    let clock: FakeClock;

    const open = (options: Partial<PersistentTierStoreOptions> = {}) =>
      backend.open({ tier: 'warm', clock, ...options });

    const entry = (key: string, overrides: Partial<CacheEntry> = {}): CacheEntry => {
      const now = clock.now();
      return {
        key,
        type: key.split(':')[0],
        json: JSON.stringify({ key, at: now }),
        dependencies: ['global'],
        createdAt: now,
        expiresAt: now + 600 * SECOND,
        staleUntil: now + 900 * SECOND,
        ...overrides,
      };
    };

    beforeAll(async () => {
      backend = await createBackend();
    });

    beforeEach(async () => {
      clock = new FakeClock();
      await backend.clear();
    });

    afterEach(async () => {
      await backend.restart();
    });

    afterAll(async () => {
      await backend.dispose();
    });

    it('returns what it stored, a value of about 1 MB included', async () => {
      const store = await open();
      const large = entry('context:task:1', {
        json: JSON.stringify({ text: 'é'.repeat(400_000) + 'x'.repeat(250_000) }),
        dependencies: ['task:1', 'git_branch:2', 'project:3', 'global'],
        band: 'low',
      });
      const small = entry('task:1');
      expect(await put(store, large)).toEqual([]);
      expect(await put(store, small)).toEqual([]);

      expect(await store.get(large.key)).toEqual(large);
      expect(await store.get('task:404')).toBeUndefined();
      const many = await store.getMany([small.key, 'task:404', large.key]);
      expect([...many.keys()].sort()).toEqual([large.key, small.key].sort());
      expect(many.get(small.key)).toEqual(small);
    });

    it('replaces an entry with the same key and counts its bytes once', async () => {
      const store = await open();
      await put(store, entry('task:1', { json: '"first"' }));
      const second = entry('task:1', { json: '"the second value"', dependencies: ['project:1'] });
      await put(store, second);

      expect(await store.get('task:1')).toEqual(second);
      const occupancy = await store.occupancy();
      expect(occupancy.types['task']).toMatchObject({ entries: 1, bytes: entrySizeBytes(second) });
      expect(await store.deleteByDependency('global')).toBe(0);
      expect(await store.deleteByDependency('project:1')).toBe(1);
    });

    it('serves an entry until staleUntil, expired ones included, and never after', async () => {
      const store = await open();
      const stored = entry('task:1');
      await put(store, stored);

      clock.set(stored.expiresAt - 1);
      expect(await store.get(stored.key)).toEqual(stored);
      clock.set(stored.expiresAt + 1);
      expect(await store.get(stored.key)).toEqual(stored);
      clock.set(stored.staleUntil);
      expect(await store.get(stored.key)).toBeUndefined();
      expect((await store.getMany([stored.key])).size).toBe(0);
    });

    it('deletes by dependency exactly the entries built from it, and the entry keyed by it', async () => {
      const store = await open();
      await put(store, entry('task:1', { dependencies: ['project:1'] }));
      await put(
        store,
        entry('context:task:1', { dependencies: ['task:1', 'project:1', 'global'] }),
      );
      await put(
        store,
        entry('context:task:2', { dependencies: ['task:2', 'project:2', 'global'] }),
      );
      await put(store, entry('project:2', { dependencies: [] }));

      expect(await store.deleteByDependency('task:1')).toBe(2);
      expect(await store.get('task:1')).toBeUndefined();
      expect(await store.get('context:task:1')).toBeUndefined();
      expect(await store.get('context:task:2')).toBeDefined();

      expect(await store.deleteByDependency('project:2')).toBe(2);
      expect(await store.get('context:task:2')).toBeUndefined();
      expect(await store.get('project:2')).toBeUndefined();
      expect(await store.deleteByDependency('project:2')).toBe(0);
      expect((await store.occupancy()).entries).toBe(0);
      expect((await store.occupancy()).bytes).toBe(0);
    });

    it('deletes single entries and whole types', async () => {
      const store = await open();
      await put(store, entry('task:1'));
      await put(store, entry('task:2'));
      const project = entry('project:1');
      await put(store, project);

      expect(await store.delete('task:1')).toBe(true);
      expect(await store.delete('task:1')).toBe(false);
      expect(await store.deleteByType('task')).toBe(1);
      expect(await store.get('task:2')).toBeUndefined();
      expect(await store.get('project:1')).toEqual(project);
      const occupancy = await store.occupancy();
      expect(occupancy.types['task']).toMatchObject({ entries: 0, bytes: 0 });
      expect(occupancy).toMatchObject({ entries: 1, bytes: entrySizeBytes(project) });
    });

    it('sweeps the entries past staleUntil and keeps the rest', async () => {
      const store = await open();
      const now = clock.now();
      for (let index = 0; index < 30; index++) {
        await put(
          store,
          entry(`task:${index}`, {
            expiresAt: now + index * SECOND,
            staleUntil: now + (index + 1) * SECOND,
          }),
        );
      }
      clock.set(now + 10 * SECOND);

      expect(await store.sweepExpired()).toBe(10);
      expect(await store.sweepExpired()).toBe(0);
      expect((await store.occupancy()).types['task'].entries).toBe(20);
      expect(await store.get('task:10')).toBeDefined();
    });

    it('reports occupancy per type against the budgets', async () => {
      const store = await open({ budgetBytesPerType: { task: 5000 }, defaultBudgetBytes: 7000 });
      const task = entry('task:1');
      const user = entry('user:1');
      await put(store, task);
      await put(store, user);

      const occupancy = await store.occupancy();
      expect(occupancy.types['task']).toEqual({
        entries: 1,
        bytes: entrySizeBytes(task),
        budgetBytes: 5000,
        evictions: 0,
      });
      expect(occupancy.types['user'].budgetBytes).toBe(7000);
      expect(occupancy).toMatchObject({
        entries: 2,
        bytes: entrySizeBytes(task) + entrySizeBytes(user),
        budgetBytes: 12_000,
        evictions: 0,
      });
    });

    it('defaults to DESIGN §3 budgets: warm 100 MB and cold 200 MB per type', async () => {
      const warm = await open();
      const cold = await open({ tier: 'cold' });
      await put(warm, entry('task:1'));
      await put(cold, entry('task:1'));
      expect((await warm.occupancy()).types['task'].budgetBytes).toBe(100 * 1024 * 1024);
      expect((await cold.occupancy()).types['task'].budgetBytes).toBe(200 * 1024 * 1024);
    });

    it('keeps the warm and cold tiers apart', async () => {
      const warm = await open();
      const cold = await open({ tier: 'cold' });
      await put(warm, entry('task:1', { json: '"warm"' }));
      await put(cold, entry('task:1', { json: '"cold"' }));

      expect(await warm.deleteByDependency('task:1')).toBe(1);
      expect(await warm.get('task:1')).toBeUndefined();
      expect((await cold.get('task:1'))?.json).toBe('"cold"');
      expect((await cold.occupancy()).entries).toBe(1);
    });

    it('evicts the entries read least first and hands back those still fresh', async () => {
      const size = entrySizeBytes(entry('task:1'));
      const store = await open({ budgetBytesPerType: { task: size * 3 } });
      await put(store, entry('task:1'));
      await put(store, entry('task:2'));
      await put(store, entry('task:3'));
      await store.get('task:1');
      await store.get('task:1');
      await store.get('task:3');

      expect(await put(store, entry('task:4'))).toEqual([entry('task:2')]);
      await store.get('task:4');
      await store.get('task:4');
      expect(await put(store, entry('task:5'))).toEqual([entry('task:3')]);
      expect([...(await store.getMany(['task:1', 'task:4', 'task:5'])).keys()].sort()).toEqual([
        'task:1',
        'task:4',
        'task:5',
      ]);
      const occupancy = await store.occupancy();
      expect(occupancy.types['task']).toEqual({
        entries: 3,
        bytes: size * 3,
        budgetBytes: size * 3,
        evictions: 2,
      });
    });

    it('makes room from dead entries first and never hands back expired ones', async () => {
      const size = entrySizeBytes(entry('task:1'));
      const store = await open({ budgetBytesPerType: { task: size * 3 } });
      const now = clock.now();
      await put(
        store,
        entry('task:1', { expiresAt: now + 5 * SECOND, staleUntil: now + 10 * SECOND }),
      );
      await put(store, entry('task:2', { expiresAt: now + 5 * SECOND }));
      await put(store, entry('task:3'));
      for (let read = 0; read < 5; read++) {
        await store.get('task:1');
      }
      await store.get('task:3');
      clock.advance(20 * SECOND);

      // task:1 was read most but is past staleUntil: it goes first, and is no eviction.
      expect(await put(store, entry('task:4'))).toEqual([]);
      expect((await store.occupancy()).types['task']).toMatchObject({ entries: 3, evictions: 0 });
      // task:2 is expired (within grace) and read least: evicted, but not worth demoting.
      expect(await put(store, entry('task:5'))).toEqual([]);
      expect(await store.get('task:2')).toBeUndefined();
      expect(await store.get('task:3')).toBeDefined();
      expect((await store.occupancy()).types['task']).toMatchObject({ entries: 3, evictions: 1 });
    });

    it('refuses an entry larger than the whole budget of its type and hands it back', async () => {
      const store = await open({ budgetBytesPerType: { task: 100 } });
      await put(store, entry('task:1', { json: '1' }));
      const large = entry('task:1', { json: JSON.stringify('x'.repeat(200)) });

      expect(await put(store, large)).toEqual([large]);
      expect(await store.get('task:1')).toBeUndefined();
      expect((await store.occupancy()).types['task']).toMatchObject({ entries: 0, bytes: 0 });
    });

    it('never exceeds a budget and accounts every entry it lets go (random workload)', async () => {
      const budgetBytes = 1200;
      const operation = fc.oneof(
        fc.record({
          op: fc.constant('set' as const),
          type: fc.constantFrom('task', 'user'),
          id: fc.integer({ min: 1, max: 12 }),
          size: fc.integer({ min: 1, max: 500 }),
          ttl: fc.integer({ min: 1, max: 100 }),
          dependency: fc.integer({ min: 1, max: 4 }),
        }),
        fc.record({
          op: fc.constant('get' as const),
          type: fc.constantFrom('task', 'user'),
          id: fc.integer({ min: 1, max: 12 }),
        }),
        fc.record({
          op: fc.constant('invalidate' as const),
          dependency: fc.integer({ min: 1, max: 4 }),
        }),
        fc.record({
          op: fc.constant('advance' as const),
          seconds: fc.integer({ min: 1, max: 30 }),
        }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(operation, { minLength: 5, maxLength: 25 }),
          async (operations) => {
            await backend.clear();
            clock = new FakeClock();
            const store = await open({
              budgetBytesPerType: { task: budgetBytes, user: budgetBytes },
            });
            // What the store must hold: everything stored and not yet let go, while unexpired.
            const model = new Map<string, CacheEntry>();
            for (const operation of operations) {
              if (operation.op === 'set') {
                const stored = entry(`${operation.type}:${operation.id}`, {
                  json: JSON.stringify('v'.repeat(operation.size)),
                  dependencies: [`project:${operation.dependency}`],
                  expiresAt: clock.now() + operation.ttl * SECOND,
                  staleUntil: clock.now() + 2 * operation.ttl * SECOND,
                });
                model.set(stored.key, stored);
                for (const evicted of await put(store, stored)) {
                  expect(clock.now()).toBeLessThan(evicted.expiresAt);
                  expect(model.get(evicted.key)).toEqual(evicted);
                  model.delete(evicted.key);
                }
              } else if (operation.op === 'get') {
                await store.get(`${operation.type}:${operation.id}`);
              } else if (operation.op === 'invalidate') {
                await store.deleteByDependency(`project:${operation.dependency}`);
                for (const [key, stored] of model) {
                  if (stored.dependencies.includes(`project:${operation.dependency}`)) {
                    model.delete(key);
                  }
                }
              } else {
                clock.advance(operation.seconds * SECOND);
              }
              const occupancy = await store.occupancy();
              for (const type of ['task', 'user']) {
                expect(occupancy.types[type]?.bytes ?? 0).toBeLessThanOrEqual(budgetBytes);
              }
              // A fresh entry only leaves through eviction (returned) or invalidation.
              const served = await store.getMany([...model.keys()]);
              for (const [key, stored] of model) {
                if (clock.now() < stored.expiresAt) {
                  expect(served.get(key)).toEqual(stored);
                }
              }
            }
            await store.sweepExpired();
            const occupancy = await store.occupancy();
            const served = await store.getMany([...model.keys()]);
            expect(occupancy.entries).toBe(served.size);
            expect(occupancy.bytes).toBe(
              [...served.values()].reduce((sum, kept) => sum + entrySizeBytes(kept), 0),
            );
          },
        ),
        { numRuns: 15 },
      );
    }, 20_000);

    it('shares entries and budgets between replicas', async () => {
      const size = entrySizeBytes(entry('task:10'));
      const budget = { budgetBytesPerType: { task: size * 4 } };
      const replicas = [await open(budget), await open(budget)];
      await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          put(replicas[index % 2], entry(`task:${10 + index}`)),
        ),
      );

      for (const replica of replicas) {
        const occupancy = await replica.occupancy();
        expect(occupancy.types['task'].entries).toBe(4);
        expect(occupancy.types['task'].bytes).toBe(size * 4);
      }
      const held = await replicas[0].getMany(
        Array.from({ length: 12 }, (_, index) => `task:${10 + index}`),
      );
      expect(held.size).toBe(4);
      await replicas[1].deleteByDependency('global');
      expect((await replicas[0].getMany([...held.keys()])).size).toBe(0);
    });

    it('keeps exact totals when replicas write, read and invalidate the same keys at once', async () => {
      const keys = Array.from({ length: 6 }, (_, index) => `task:${10 + index}`);
      const size = entrySizeBytes(entry(keys[0], { dependencies: ['project:0'] }));
      const budget = { budgetBytesPerType: { task: size * 4 } };
      const replicas = [await open(budget), await open(budget), await open(budget)];
      await Promise.all(
        Array.from({ length: 60 }, (_, index) => {
          const replica = replicas[index % replicas.length];
          const key = keys[(index * 7) % keys.length];
          if (index % 4 === 0) {
            return replica.deleteByDependency(index % 8 === 0 ? key : `project:${index % 3}`);
          }
          if (index % 4 === 1) {
            return replica.get(key);
          }
          return put(replica, entry(key, { dependencies: [`project:${index % 3}`] }));
        }),
      );

      const held = await replicas[0].getMany(keys);
      const occupancy = await replicas[1].occupancy();
      expect(occupancy.types['task'].entries).toBe(held.size);
      expect(occupancy.types['task'].bytes).toBe(held.size * size);
      expect(occupancy.types['task'].bytes).toBeLessThanOrEqual(size * 4);
    });

    it('round-trips loadCost and warmedBy, and leaves them out when unset', async () => {
      const store = await open();
      const warmed = entry('context:task:1', { loadCost: 4, warmedBy: 'hourly-active-tasks' });
      const read = entry('task:1', { loadCost: 1 });
      await put(store, warmed);
      await put(store, read);
      await put(store, entry('task:2'));

      expect(await store.get(warmed.key)).toEqual(warmed);
      expect(await store.get(read.key)).toEqual(read);
      expect(await store.get('task:2')).not.toHaveProperty('loadCost');
      expect(await store.get('task:2')).not.toHaveProperty('warmedBy');
    });

    it('reads the counter with the entries; every invalidation raises it, matching or not', async () => {
      const store = await open();
      const before = await store.read([]);
      await put(store, entry('task:1'));
      expect((await store.read(['task:1'])).stamp).toBe(before.stamp);

      await store.deleteByDependency('project:404');
      await store.delete('task:404');
      await store.deleteByType('nothing');
      const after = await store.read(['task:1']);
      expect(after.stamp).toBe(before.stamp + 3);
      expect(after.entries.get('task:1')).toEqual(entry('task:1'));
      expect(await store.stamp()).toBe(after.stamp);
    });

    it('refuses a write whose stamp an invalidation covering the entry overtook, by every scope', async () => {
      const store = await open();
      const context = (key: string) =>
        entry(key, { type: 'context', dependencies: ['task:1', 'project:1'] });
      const overtakers: Array<[string, () => Promise<unknown>]> = [
        ['its key', () => store.delete('context:a')],
        ['its key as a dependency', () => store.deleteByDependency('context:a')],
        ['a dependency', () => store.deleteByDependency('project:1')],
        ['its type', () => store.deleteByType('context')],
      ];
      for (const [scope, invalidate] of overtakers) {
        const stamp = await store.stamp();
        await invalidate();
        const refused = await store.set(context('context:a'), stamp);
        expect({ scope, outcome: refused.outcome }).toEqual({ scope, outcome: 'invalidated' });
        expect(await store.get('context:a')).toBeUndefined();
        const stored = await store.set(context('context:a'), await store.stamp());
        expect({ scope, outcome: stored.outcome }).toEqual({ scope, outcome: 'stored' });
      }
      // An invalidation of something else does not refuse it.
      const stamp = await store.stamp();
      await store.deleteByDependency('project:2');
      expect((await store.set(context('context:b'), stamp)).outcome).toBe('stored');
    });

    it("refuses another replica's old write after an invalidation made on a different connection", async () => {
      const [writer, loader] = [await open(), await open()];
      const stamp = (await loader.read(['task:1'])).stamp;
      await writer.deleteByDependency('global');
      expect((await loader.set(entry('task:1'), stamp)).outcome).toBe('invalidated');
      expect(await writer.get('task:1')).toBeUndefined();
    });

    it('never keeps an old write that races an invalidation on another connection', async () => {
      const [writer, loader] = [await open(), await open()];
      for (let round = 0; round < 25; round++) {
        const key = `context:task:${round}`;
        const stamp = await loader.stamp();
        const [outcome] = await Promise.all([
          loader.set(entry(key, { dependencies: ['task:1'] }), stamp),
          writer.deleteByDependency('task:1'),
        ]);
        // Whichever ran first, the entry is gone: deleted after it landed, or refused.
        expect(['stored', 'invalidated']).toContain(outcome.outcome);
        expect(await writer.get(key)).toBeUndefined();
      }
    });

    it('invalidates several tiers of its domain in one step, leaving one tombstone', async () => {
      const warm = await open();
      const cold = await open({ tier: 'cold' });
      await put(warm, entry('task:1'));
      await put(cold, entry('task:1'));
      await put(cold, entry('task:2', { dependencies: [] }));
      expect(cold.stampDomain).toBe(warm.stampDomain);
      const stamp = await warm.stamp();

      expect(await warm.invalidate({ kind: 'dependency', dependency: 'global' }, ['cold'])).toEqual(
        {
          removed: 2,
          stamp: stamp + 1,
        },
      );
      expect(await warm.get('task:1')).toBeUndefined();
      expect(await cold.get('task:1')).toBeUndefined();
      expect(await cold.get('task:2')).toBeDefined();
      expect(await cold.stamp()).toBe(stamp + 1);
      expect((await cold.set(entry('task:1'), stamp)).outcome).toBe('invalidated');
      expect((await cold.occupancy()).types['task']).toMatchObject({ entries: 1 });
    });

    it('lets an invalidation applied late (a replay) refuse every write stamped before it', async () => {
      const store = await open();
      const stampedEarly = await store.stamp();
      await put(store, entry('task:1'));
      // The same invalidation, replayed long after it first ran (or ran for the first time late).
      await store.deleteByDependency('global');
      const stampedBetween = stampedEarly + 1;
      clock.advance(60 * SECOND);
      await store.deleteByDependency('global');

      expect((await store.set(entry('task:1'), stampedEarly)).outcome).toBe('invalidated');
      expect((await store.set(entry('task:1'), stampedBetween)).outcome).toBe('invalidated');
      expect((await store.set(entry('task:1'), await store.stamp())).outcome).toBe('stored');
    });

    it('forgets tombstones after their retention, and then refuses writes stamped before', async () => {
      const store = await open({ tombstoneRetentionMs: 60 * SECOND });
      const old = await store.stamp();
      await store.deleteByDependency('project:1');
      const recent = await store.stamp();
      clock.advance(61 * SECOND);
      await store.sweepExpired();

      expect((await store.set(entry('task:1'), old)).outcome).toBe('stamp-expired');
      expect((await store.set(entry('task:1'), recent)).outcome).toBe('stored');
      // A tombstone inside its retention is kept.
      await store.deleteByDependency('project:2');
      clock.advance(30 * SECOND);
      await store.sweepExpired();
      expect(
        (await store.set(entry('task:2', { dependencies: ['project:2'] }), recent)).outcome,
      ).toBe('invalidated');
    });

    it('still serves its entries after a restart', async () => {
      const before = await open();
      const stored = entry('context:task:1', { dependencies: ['task:1', 'global'] });
      await put(before, stored);
      await put(before, entry('task:1'));
      await backend.restart();

      const after = await open();
      expect(await after.get(stored.key)).toEqual(stored);
      expect((await after.occupancy()).entries).toBe(2);
      expect(await after.deleteByDependency('task:1')).toBe(2);
    });
  });
}
