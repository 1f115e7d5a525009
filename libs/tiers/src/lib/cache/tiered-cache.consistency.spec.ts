import fc from 'fast-check';
import { InProcessInvalidationBus } from '../bus/in-process-invalidation-bus';
import { FakeClock } from '../core/clock';
import { createTestCache } from '../testing/create-test-cache';
import { InMemoryHotTierStore } from '../testing/in-memory-hot-tier-store';
import {
  InMemoryPersistentTierStore,
  InMemoryStampDomain,
} from '../testing/in-memory-persistent-tier-store';

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

/** Entities and what each key is built from: one context depends on both tasks. */
const KEYS = {
  'task:1': ['task:1'],
  'task:2': ['task:2'],
  'context:task:1': ['task:1', 'task:2'],
} as const;
type Key = keyof typeof KEYS;

const command = fc.oneof(
  fc.record({
    kind: fc.constant('read' as const),
    key: fc.constantFrom(...(Object.keys(KEYS) as Key[])),
    replica: fc.nat(1),
  }),
  fc.record({ kind: fc.constant('write' as const), entity: fc.constantFrom('task:1', 'task:2') }),
  fc.record({ kind: fc.constant('expire' as const) }),
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

interface Schedule {
  scheduler: fc.Scheduler;
  commands: { command: Command; delay: number }[];
  replicaCount: 1 | 2;
  promotionThreshold: number;
  hotBudgetBytes: number;
  /** Warm and cold in one stamp domain (one database), or in two (Redis and a database). */
  sharedDomain: boolean;
}

/**
 * Runs the commands concurrently on replicas sharing warm and cold tiers and a bus, switching
 * between them wherever the schedule says: every store call and every loader step is such a
 * point. Writes go through replica 0. Every read must return, for every entity,
 * at least the version of the last write acknowledged before the read began (DESIGN §3,
 * invariant 1), on every replica: the in-process bus delivers before the write is acknowledged,
 * so the other replica's hot tier is clear by then, and nothing older can land in a shared tier
 * afterwards, since every write to one is conditional on its stamp. Once everything has settled
 * every replica reads the current version of everything.
 */
async function runSchedule(schedule: Schedule): Promise<void> {
  const { scheduler } = schedule;
  const tick = () => scheduler.schedule(Promise.resolve());
  const clock = new FakeClock();
  const domain = schedule.sharedDomain ? new InMemoryStampDomain() : undefined;
  const shared = {
    clock,
    warm: new InMemoryPersistentTierStore({
      tier: 'warm',
      clock,
      beforeCall: tick,
      budgetBytesPerType: 200,
      domain,
    }),
    cold: new InMemoryPersistentTierStore({ tier: 'cold', clock, beforeCall: tick, domain }),
    bus: new InProcessInvalidationBus(),
    promotionThreshold: schedule.promotionThreshold,
    graceSeconds: 0,
    breaker: { callTimeoutMs: 3_600_000 },
  };
  const replicas = Array.from(
    { length: schedule.replicaCount },
    (_, replica) =>
      createTestCache({
        ...shared,
        hot: new InMemoryHotTierStore(clock, schedule.hotBudgetBytes),
        replicaId: `replica-${replica}`,
      }).cache,
  );
  const source = new VersionedSource();
  const acknowledged = new Map<string, number>();
  const read = async (replica: number, key: Key) => {
    const cache = replicas[replica % replicas.length] ?? replicas[0];
    const loader = async () => {
      await tick();
      const versions = KEYS[key].map((entity) => source.version(entity));
      await tick();
      return versions;
    };
    // The context learns its dependencies from the loaded value, as a resolved chain does.
    const options =
      key === 'context:task:1'
        ? { type: 'context', dependencies: [], dependenciesOf: () => KEYS[key] }
        : { type: key.split(':')[0] ?? key, dependencies: KEYS[key] };
    return JSON.parse((await cache?.getOrLoad(key, loader, options))?.json ?? 'null') as number[];
  };

  const runs = schedule.commands.map(async ({ command, delay }) => {
    for (let step = 0; step < delay; step++) {
      await tick();
    }
    switch (command.kind) {
      case 'read': {
        const replica = command.replica % replicas.length;
        const floor = KEYS[command.key].map((entity) => acknowledged.get(entity) ?? 1);
        const versions = await read(replica, command.key);
        versions.forEach((version, index) =>
          expect(version).toBeGreaterThanOrEqual(floor[index] ?? 1),
        );
        return;
      }
      case 'write': {
        const version = source.write(command.entity);
        await replicas[0]?.invalidate(command.entity);
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
  for (const cache of replicas) {
    await scheduler.waitFor(cache.idle());
  }

  for (const [replica] of replicas.entries()) {
    for (const key of Object.keys(KEYS) as Key[]) {
      const versions = await scheduler.waitFor(read(replica, key));
      expect(versions).toEqual(KEYS[key].map((entity) => source.version(entity)));
    }
  }
}

function scheduleOf(replicaCount: 1 | 2): fc.Arbitrary<Schedule> {
  return fc.record({
    scheduler: fc.scheduler(),
    commands: fc.array(fc.record({ command, delay: fc.nat(4) }), { minLength: 1, maxLength: 24 }),
    replicaCount: fc.constant(replicaCount),
    promotionThreshold: fc.integer({ min: 1, max: 3 }),
    hotBudgetBytes: fc.integer({ min: 60, max: 400 }),
    sharedDomain: fc.boolean(),
  });
}
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

  it('refuses a warm write that an invalidation overtook while it was under way', async () => {
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

    // The old value reaches warm after the invalidation: its stamp predates the tombstone.
    gate.open('set');
    await cache.idle();
    expect(await warm.get('task:1')).toBeUndefined();
    await expect(cache.getOrLoad('task:1', loader, task)).resolves.toEqual({
      json: '2',
      source: 'miss',
    });
  });

  it("refuses another replica's load that began before an invalidation whose message has not arrived", async () => {
    const clock = new FakeClock();
    const shared = {
      clock,
      warm: new InMemoryPersistentTierStore({ tier: 'warm', clock }),
      cold: new InMemoryPersistentTierStore({ tier: 'cold', clock }),
    };
    /** A bus that never delivers: replica B learns nothing of A's invalidation. */
    const silentBus = () => ({
      publish: async () => undefined,
      subscribe: () => () => undefined,
      close: async () => undefined,
    });
    const a = createTestCache({ ...shared, bus: silentBus(), replicaId: 'a' }).cache;
    const b = createTestCache({ ...shared, bus: silentBus(), replicaId: 'b' }).cache;
    const source = new VersionedSource();
    let release: () => void = () => undefined;
    const slowLoader = async () => {
      const version = source.version('task:1');
      await new Promise<void>((resolve) => (release = resolve));
      return version;
    };

    const onB = b.getOrLoad('task:1', slowLoader, task);
    await flush();
    source.write('task:1');
    await a.invalidate('task:1');
    release();
    await expect(onB).resolves.toEqual({ json: '1', source: 'miss' });
    await b.idle();

    expect(await shared.warm.get('task:1')).toBeUndefined();
    expect((await b.stats()).refusedWrites).toBe(1);
    const onA = await a.getOrLoad('task:1', async () => source.version('task:1'), task);
    expect(onA).toEqual({ json: '2', source: 'miss' });
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
    await fc.assert(fc.asyncProperty(scheduleOf(1), runSchedule), { numRuns: 300 });
  }, 30_000);

  it('never reads an older version on either of two replicas sharing the tiers and a bus, on any schedule', async () => {
    await fc.assert(fc.asyncProperty(scheduleOf(2), runSchedule), { numRuns: 300 });
  }, 30_000);
});
