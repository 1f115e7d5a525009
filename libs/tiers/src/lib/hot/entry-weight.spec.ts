import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CacheEntry } from '../core/cache-entry';
import { FakeClock } from '../core/clock';
import { HotTier } from './hot-tier';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const ENTRIES = 50_000;

function heapUsed(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Fills a hot tier with entries shaped like resolved contexts; returns heap growth and accounted bytes. */
function measure(dependencyCount: number): { heapBytes: number; accountedBytes: number } {
  const clock = new FakeClock();
  const tier = new HotTier({
    clock,
    defaultBudgetBytes: Number.MAX_SAFE_INTEGER,
    sweepIntervalMs: 0,
  });
  const before = heapUsed();
  for (let i = 0; i < ENTRIES; i++) {
    const key = `context:task:${i.toString(36).padStart(8, '0')}`;
    const chain = [`task:${i}`, `git_branch:${i % 100}`, `project:${i % 10}`, 'global'];
    const entry: CacheEntry = {
      key,
      type: 'context',
      json: JSON.stringify({
        title: `Task ${i}`,
        status: 'open',
        note: 'x'.repeat(100 + (i % 50)),
      }),
      dependencies: chain.slice(0, dependencyCount),
      createdAt: clock.now(),
      expiresAt: clock.now() + 60_000,
      staleUntil: clock.now() + 120_000,
    };
    tier.set(entry);
  }
  const heapBytes = heapUsed() - before;
  const accountedBytes = tier.occupancy().bytes;
  tier.close();
  return { heapBytes, accountedBytes };
}

describe('hot entry weight', () => {
  // The budget is only true if what an entry is charged is what it costs on the heap: charging far
  // less overruns memory, charging far more wastes the budget.
  it.each([1, 4])(
    'charges within 20%% of the heap an entry with %i dependencies costs',
    (dependencies) => {
      const { heapBytes, accountedBytes } = measure(dependencies);
      expect(accountedBytes / heapBytes).toBeGreaterThan(0.8);
      expect(accountedBytes / heapBytes).toBeLessThan(1.2);
    },
  );
});
