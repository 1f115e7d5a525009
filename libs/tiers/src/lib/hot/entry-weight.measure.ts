// Run in a fresh process by entry-weight.spec.ts (node --expose-gc): a test worker's heap also
// holds and frees what earlier suites left behind, which would blur a heap delta.
import type { CacheEntry } from '../core/cache-entry';
import { FakeClock } from '../core/clock';
import { HotTier } from './hot-tier';

const ENTRIES = 50_000;
const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage) {
  throw new Error('run with --expose-gc');
}

/** The V8 heap and the ArrayBuffers outside it, where the store's typed-array columns live. */
function heapUsed(): number {
  collectGarbage?.();
  collectGarbage?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Fills a hot tier with entries shaped like resolved contexts; prints heap growth and accounted bytes. */
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

process.stdout.write(JSON.stringify(measure(Number(process.argv[2]))));
