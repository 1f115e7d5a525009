import fc from 'fast-check';
import type { CacheEntry } from '../core/cache-entry';
import { FakeClock } from '../core/clock';
import { hotEntryWeight } from './entry-weight';
import type { HotDeparture, HotDepartureReason } from '../core/tier-store';
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

function entryFor(clock: FakeClock, op: Extract<Operation, { kind: 'set' }>): CacheEntry {
  const now = clock.now();
  return {
    key: `${TYPES[op.type]}:${op.id}`,
    type: TYPES[op.type],
    json: JSON.stringify({ pad: 'x'.repeat(op.size) }),
    dependencies: [`project:${op.dependency}`, 'global'],
    createdAt: now,
    expiresAt: now + op.ttlMs,
    staleUntil: now + 2 * op.ttlMs,
    ...(op.id % 3 === 0 ? { warmedBy: 'sweep' } : {}),
  };
}

function apply(tier: HotTier, clock: FakeClock, op: Operation): void {
  switch (op.kind) {
    case 'set': {
      for (const evicted of tier.set(entryFor(clock, op))) {
        expect(clock.now()).toBeLessThan(evicted.expiresAt);
      }
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

/** What the tier must hold: every entry stored and not yet reported gone, and whether a get returned it. */
interface ModelEntry {
  entry: CacheEntry;
  read: boolean;
}

/** The reasons each operation may give for the departures it causes. */
const ALLOWED_REASONS: Record<Operation['kind'], readonly HotDepartureReason[]> = {
  set: ['replaced', 'evicted'],
  get: ['expired'],
  delete: ['invalidated'],
  deleteByDependency: ['invalidated'],
  deleteByType: ['invalidated'],
  advance: [],
  sweep: ['expired'],
};

describe('HotTier against a model of what it holds', () => {
  it('serves exactly the latest stored value of a key or nothing, and reports every entry that leaves, once, truthfully', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 500, max: 20_000 }), { minLength: 3, maxLength: 3 }),
        fc.array(operation, { maxLength: 300 }),
        (budgets, operations) => {
          const clock = new FakeClock();
          const budgetBytesPerType = Object.fromEntries(TYPES.map((type, i) => [type, budgets[i]]));
          const departures: HotDeparture[] = [];
          const tier = new HotTier({
            clock,
            budgetBytesPerType,
            sweepIntervalMs: 0,
            onDeparture: (departure) => departures.push(departure),
          });
          const model = new Map<string, ModelEntry>();
          try {
            for (const op of operations) {
              departures.length = 0;
              const offered = op.kind === 'set' ? entryFor(clock, op) : undefined;
              const replacing = offered !== undefined ? model.get(offered.key) : undefined;
              let served: CacheEntry | undefined;
              if (offered !== undefined) tier.set(offered);
              else if (op.kind === 'get') served = tier.get(`${TYPES[op.type]}:${op.id}`);
              else apply(tier, clock, op);

              // A set's departures come in order: the value it replaces, then what its admission evicts
              // (the offered entry itself among them, when it loses).
              const admitted =
                offered !== undefined &&
                clock.now() < offered.staleUntil &&
                hotEntryWeight(offered) <= budgetBytesPerType[offered.type];
              let offeredLeft = false;
              for (const departure of departures) {
                const isOffered =
                  admitted && departure.key === offered.key && departure.reason !== 'replaced';
                const known = isOffered
                  ? { entry: offered, read: false }
                  : model.get(departure.key);
                expect(known).toBeDefined();
                if (known === undefined) continue;
                expect(ALLOWED_REASONS[op.kind]).toContain(departure.reason);
                expect(departure).toEqual({
                  key: known.entry.key,
                  type: known.entry.type,
                  bytes: hotEntryWeight(known.entry),
                  reason: departure.reason,
                  readSinceAdmitted: known.read,
                  warmedBy: known.entry.warmedBy,
                });
                if (departure.reason === 'expired') {
                  expect(clock.now()).toBeGreaterThanOrEqual(known.entry.staleUntil);
                }
                if (departure.reason === 'replaced') expect(departure.key).toBe(offered?.key);
                if (isOffered) offeredLeft = true;
                else model.delete(departure.key);
              }
              if (replacing !== undefined) expect(model.get(replacing.entry.key)).toBeUndefined();
              if (admitted && !offeredLeft) model.set(offered.key, { entry: offered, read: false });
              if (op.kind === 'get') {
                const known = model.get(`${TYPES[op.type]}:${op.id}`);
                expect(served).toBe(known?.entry);
                if (known !== undefined) known.read = true;
              }
              const report = tier.occupancy();
              expect(report.entries).toBe(model.size);
              let bytes = 0;
              for (const { entry } of model.values()) bytes += hotEntryWeight(entry);
              expect(report.bytes).toBe(bytes);
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
