import fc from 'fast-check';
import { FakeClock } from '../core/clock';
import { createTestCache } from '../testing/create-test-cache';
import { InMemoryHotTierStore } from '../testing/in-memory-hot-tier-store';
import { InMemoryPersistentTierStore } from '../testing/in-memory-persistent-tier-store';

/** A source of truth whose entities carry versions, +1 on every write. */
class VersionedSource {
  private readonly versions = new Map<string, number>();

  version(entity: string): number {
    return this.versions.get(entity) ?? 1;
  }

  write(entity: string): number {
    const version = this.version(entity) + 1;
    this.versions.set(entity, version);
    return version;
  }
}

/** Holds back calls until the test lets them through, per method name. */
class Gate {
  private readonly closed = new Map<string, (() => void)[]>();

  close(method: string): void {
    this.closed.set(method, []);
  }

  open(method: string): void {
    this.closed.get(method)?.forEach((pass) => pass());
    this.closed.delete(method);
  }

  readonly beforeCall = (method: string): Promise<void> => {
    const waiting = this.closed.get(method);
    return waiting === undefined
      ? Promise.resolve()
      : new Promise((resolve) => waiting.push(resolve));
  };
}

const flush = () => new Promise(setImmediate);
const task = { type: 'task', dependencies: ['task:1'] };

describe('TieredCache consistency (invariant 1)', () => {
  it('does not store a load that started before an invalidation, nor let later readers join it', async () => {
    const { cache } = createTestCache();
    const source = new VersionedSource();
    const releases: (() => void)[] = [];
    const loader = jest.fn(() => {
      const version = source.version('task:1');
      return new Promise<number>((resolve) => releases.push(() => resolve(version)));
    });

    const before = cache.getOrLoad('task:1', loader, task);
    await flush();
    source.write('task:1');
    await cache.invalidate('task:1');
    const after = cache.getOrLoad('task:1', loader, task);
    await flush();

    expect(loader).toHaveBeenCalledTimes(2);
    releases[1]?.();
    releases[0]?.();
    await expect(before).resolves.toEqual({ json: '1', source: 'miss' });
    await expect(after).resolves.toEqual({ json: '2', source: 'miss' });
    await cache.idle();

    const next = await cache.getOrLoad('task:1', async () => -1, task);
    expect(next).toEqual({ json: '2', source: 'warm' });
  });

  it('undoes a warm write that lands after the invalidation deleted, and never serves it meanwhile', async () => {
    const gate = new Gate();
    const clock = new FakeClock();
    const warm = new InMemoryPersistentTierStore({
      tier: 'warm',
      clock,
      beforeCall: gate.beforeCall,
    });
    const { cache } = createTestCache({ clock, warm });
    const source = new VersionedSource();
    const loader = async () => source.version('task:1');

    gate.close('set');
    await expect(cache.getOrLoad('task:1', loader, task)).resolves.toEqual({
      json: '1',
      source: 'miss',
    });
    source.write('task:1');
    await cache.invalidate('task:1');

    // The old value lands in warm after the invalidation; its clean-up is held back too.
    gate.close('delete');
    gate.open('set');
    await flush();
    expect((await warm.get('task:1'))?.json).toBe('1');

    await expect(cache.getOrLoad('task:1', loader, task)).resolves.toEqual({
      json: '2',
      source: 'miss',
    });
    gate.open('delete');
    await cache.idle();
    expect((await cache.get('task:1'))?.json).not.toBe('1');
  });

  it('does not promote into hot an entry read below just before an invalidation removed it', async () => {
    const clock = new FakeClock();
    let answerGet: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answerGet = resolve));
    /** Reads the entry at once but answers only when told: the read overtakes the delete. */
    class SlowAnsweringStore extends InMemoryPersistentTierStore {
      holdNextGet = false;
      override async get(key: string) {
        const entry = await super.get(key);
        if (this.holdNextGet) {
          await answered;
        }
        return entry;
      }
    }
    const warm = new SlowAnsweringStore({ tier: 'warm', clock });
    const { cache, hot } = createTestCache({ clock, warm, promotionThreshold: 1 });
    const source = new VersionedSource();
    const loader = async () => source.version('task:1');
    await cache.getOrLoad('task:1', loader, task);
    await cache.idle();

    warm.holdNextGet = true;
    const read = cache.getOrLoad('task:1', loader, task);
    await flush();
    source.write('task:1');
    await cache.invalidate('task:1');
    answerGet();

    // The read began before the write was acknowledged: either version is a valid answer to it.
    await read;
    expect(hot.get('task:1')?.json).not.toBe('1');
    warm.holdNextGet = false;
    expect((await cache.getOrLoad('task:1', loader, task)).json).toBe('2');
  });

  it('never reads a version older than the last acknowledged write, on any schedule', async () => {
    const keys = {
      'task:1': ['task:1'],
      'task:2': ['task:2'],
      'context:task:1': ['task:1', 'task:2'],
    } as const;
    type Key = keyof typeof keys;
    const command = fc.oneof(
      fc.record({
        kind: fc.constant('read' as const),
        key: fc.constantFrom(...(Object.keys(keys) as Key[])),
      }),
      fc.record({
        kind: fc.constant('write' as const),
        entity: fc.constantFrom('task:1', 'task:2'),
      }),
      fc.record({ kind: fc.constant('expire' as const) }),
    );

    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(fc.record({ command, delay: fc.nat(4) }), { minLength: 1, maxLength: 24 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 60, max: 400 }),
        async (scheduler, commands, promotionThreshold, hotBudgetBytes) => {
          // Every store call and every loader step is a point where the schedule may switch.
          const tick = () => scheduler.schedule(Promise.resolve());
          const clock = new FakeClock();
          const { cache } = createTestCache({
            clock,
            hot: new InMemoryHotTierStore(clock, hotBudgetBytes),
            warm: new InMemoryPersistentTierStore({
              tier: 'warm',
              clock,
              beforeCall: tick,
              budgetBytesPerType: 200,
            }),
            cold: new InMemoryPersistentTierStore({ tier: 'cold', clock, beforeCall: tick }),
            promotionThreshold,
            graceSeconds: 0,
            breaker: { callTimeoutMs: 3_600_000 },
          });
          const source = new VersionedSource();
          const acknowledged = new Map<string, number>();
          const read = async (key: Key) => {
            const loader = async () => {
              await tick();
              const versions = keys[key].map((entity) => source.version(entity));
              await tick();
              return versions;
            };
            const options = { type: key.split(':')[0] ?? key, dependencies: keys[key] };
            return JSON.parse((await cache.getOrLoad(key, loader, options)).json) as number[];
          };

          const runs = commands.map(async ({ command, delay }) => {
            for (let step = 0; step < delay; step++) {
              await tick();
            }
            switch (command.kind) {
              case 'read': {
                const floor = keys[command.key].map((entity) => acknowledged.get(entity) ?? 1);
                const versions = await read(command.key);
                versions.forEach((version, index) =>
                  expect(version).toBeGreaterThanOrEqual(floor[index] ?? 1),
                );
                return;
              }
              case 'write': {
                const version = source.write(command.entity);
                await cache.invalidate(command.entity);
                const previous = acknowledged.get(command.entity) ?? 1;
                acknowledged.set(command.entity, Math.max(previous, version));
                return;
              }
              case 'expire':
                clock.advance(301_000);
                return;
            }
          });
          await scheduler.waitFor(Promise.all(runs));
          await scheduler.waitFor(cache.idle());

          // Once everything has settled, no tier holds anything older than the source.
          for (const key of Object.keys(keys) as Key[]) {
            const versions = await scheduler.waitFor(read(key));
            expect(versions).toEqual(keys[key].map((entity) => source.version(entity)));
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 30_000);
});
