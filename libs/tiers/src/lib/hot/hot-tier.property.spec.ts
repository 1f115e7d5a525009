import fc from 'fast-check';
import type { CacheEntry } from '../core/cache-entry';
import { FakeClock } from '../core/clock';
import { HotTier } from './hot-tier';

const TYPES = ['task', 'user', 'context'] as const;

type Operation =
  | { kind: 'set'; type: number; id: number; size: number; ttlMs: number; dependency: number }
  | { kind: 'get' | 'delete'; type: number; id: number }
  | { kind: 'deleteByDependency'; dependency: number }
  | { kind: 'deleteByType'; type: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'sweep' };

const typeIndex = fc.nat({ max: TYPES.length - 1 });
const id = fc.nat({ max: 40 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      type: typeIndex,
      id,
      size: fc.nat({ max: 3000 }),
      ttlMs: fc.integer({ min: 1, max: 120_000 }),
      dependency: fc.nat({ max: 5 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('get' as const), type: typeIndex, id }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), type: typeIndex, id }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('deleteByDependency' as const),
      dependency: fc.nat({ max: 5 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('deleteByType' as const), type: typeIndex }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.nat({ max: 90_000 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'sweep' as const }) },
);

function apply(tier: HotTier, clock: FakeClock, op: Operation): void {
  switch (op.kind) {
    case 'set': {
      const key = `${TYPES[op.type]}:${op.id}`;
      const now = clock.now();
      const entry: CacheEntry = {
        key,
        type: TYPES[op.type],
        json: JSON.stringify({ pad: 'x'.repeat(op.size) }),
        dependencies: [`project:${op.dependency}`, 'global'],
        createdAt: now,
        expiresAt: now + op.ttlMs,
        staleUntil: now + 2 * op.ttlMs,
      };
      for (const evicted of tier.set(entry)) expect(clock.now()).toBeLessThan(evicted.expiresAt);
      return;
    }
    case 'get': {
      const entry = tier.get(`${TYPES[op.type]}:${op.id}`);
      if (entry !== undefined) expect(clock.now()).toBeLessThan(entry.staleUntil);
      return;
    }
    case 'delete':
      tier.delete(`${TYPES[op.type]}:${op.id}`);
      return;
    case 'deleteByDependency':
      tier.deleteByDependency(`project:${op.dependency}`);
      return;
    case 'deleteByType':
      tier.deleteByType(TYPES[op.type]);
      return;
    case 'advance':
      clock.advance(op.ms);
      return;
    case 'sweep':
      tier.sweep();
      return;
  }
}

describe('HotTier under random operations', () => {
  it('never lets a type hold more bytes than its budget, nor serve past staleUntil, nor return stale evictions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 500, max: 20_000 }), { minLength: 3, maxLength: 3 }),
        fc.array(operation, { maxLength: 300 }),
        (budgets, operations) => {
          const clock = new FakeClock();
          const budgetBytesPerType = Object.fromEntries(TYPES.map((type, i) => [type, budgets[i]]));
          const tier = new HotTier({ clock, budgetBytesPerType, sweepIntervalMs: 0 });
          try {
            for (const op of operations) {
              apply(tier, clock, op);
              const report = tier.occupancy();
              for (const [type, occupancy] of Object.entries(report.types)) {
                expect(occupancy.bytes).toBeLessThanOrEqual(budgetBytesPerType[type]);
                expect(occupancy.bytes).toBeGreaterThanOrEqual(0);
                expect(occupancy.entries === 0).toBe(occupancy.bytes === 0);
              }
            }
          } finally {
            tier.close();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
