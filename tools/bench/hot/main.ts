import { writeBenchmarkSection } from '../report/benchmarks-file';
import { median } from '../report/statistics';
import { type CacheEntry, FakeClock, HotTier } from '@strata/tiers';
import { type ContenderFactory, hotTier, lruCache } from './contenders';
import { heapBytesPerEntry, newGetLoop, newSetLoop, opsPerSecond } from './measure';
import { buildWorkload } from './workload';

const quick = process.argv.includes('--quick');
const CAPACITY = quick ? 2_000 : 10_000;
const OPERATIONS = quick ? 200_000 : 2_000_000;
const ROUNDS = quick ? 3 : 9;

interface Figures {
  getHit: number;
  getMiss: number;
  setEvicting: number;
  heapBytesPerEntry: number;
}

const workload = buildWorkload(CAPACITY, OPERATIONS);
// Every entry weighs the same, so this byte budget holds exactly CAPACITY entries.
const budgetBytes = CAPACITY * chargedBytes(workload.entries[0]);
const factories: ContenderFactory[] = [hotTier(budgetBytes), lruCache(CAPACITY)];

/** What the hot tier charges an entry against its budget, asked of the tier itself. */
function chargedBytes(entry: CacheEntry): number {
  const probe = new HotTier({ clock: new FakeClock(entry.createdAt), sweepIntervalMs: 0 });
  probe.set(entry);
  const bytes = probe.occupancy().bytes;
  probe.close();
  return bytes;
}

function filled(factory: ContenderFactory) {
  const cache = factory();
  for (let i = 0; i < CAPACITY; i++) cache.set(workload.entries[i]);
  return cache;
}

function measureAll(): Map<string, Figures> {
  const samples = new Map<string, { getHit: number[]; getMiss: number[]; setEvicting: number[] }>();
  const loops = factories.map(() => ({ get: newGetLoop(), set: newSetLoop() }));
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order each round, so that neither contender always runs on a warmer machine.
    const order = round % 2 === 0 ? factories.keys() : [...factories.keys()].reverse();
    for (const index of order) {
      const cache = filled(factories[index]);
      const loop = loops[index];
      const getHit = opsPerSecond(OPERATIONS, () => loop.get(cache, workload.hitKeys));
      const getMiss = opsPerSecond(OPERATIONS, () => loop.get(cache, workload.missKeys));
      const setEvicting = opsPerSecond(OPERATIONS, () => loop.set(cache, workload.setEntries));
      const sample = samples.get(cache.name) ?? { getHit: [], getMiss: [], setEvicting: [] };
      sample.getHit.push(getHit);
      sample.getMiss.push(getMiss);
      sample.setEvicting.push(setEvicting);
      samples.set(cache.name, sample);
    }
  }
  const figures = new Map<string, Figures>();
  for (const factory of factories) {
    const name = factory().name;
    const sample = samples.get(name);
    if (sample === undefined) continue;
    figures.set(name, {
      getHit: median(sample.getHit),
      getMiss: median(sample.getMiss),
      setEvicting: median(sample.setEvicting),
      heapBytesPerEntry: heapBytesPerEntry(() => filled(factory), CAPACITY),
    });
  }
  return figures;
}

const millions = (opsPerSecond: number): string => (opsPerSecond / 1e6).toFixed(2);

function table(figures: Map<string, Figures>): string {
  const rows = [...figures].map(
    ([name, f]) =>
      `| ${name} | ${millions(f.getHit)} | ${millions(f.getMiss)} | ${millions(f.setEvicting)} | ${f.heapBytesPerEntry.toFixed(0)} |`,
  );
  return [
    '## Hot tier against lru-cache',
    '',
    `${CAPACITY.toLocaleString('en')} entries of ${workload.entries[0].json.length}-character JSON, keys with Zipf(1.0) popularity;`,
    `medians of ${ROUNDS} alternating rounds of ${OPERATIONS.toLocaleString('en')} operations each (millions of operations per second).`,
    'hot-tier: the HotTier store as the tiered cache uses it: a byte budget holding exactly as many entries,',
    'the expiry of every hit checked against the system clock (one reading shared by up to 64 gets within',
    'a job), every hit counted for the window climber and one in four, at random, put in a bounded read',
    'buffer (64 hits) whose drain, when full or before the next miss or write, counts them in the sketch',
    'and the access order. lru-cache: v11, count-bounded, no TTL (its fastest mode), which does none of that',
    'bookkeeping. Sets draw from ten times as many keys as fit, so most of them evict.',
    'Heap per entry is what the structure adds over the pre-built entries (measured with --expose-gc).',
    '',
    '| cache | get (hit) | get (miss) | set (evicting) | heap bytes / entry |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

const figures = measureAll();
const hot = figures.get('hot-tier') as Figures;
const lru = figures.get('lru-cache') as Figures;
if (!quick) writeBenchmarkSection('hot', 'npm run bench:hot', table(figures));
else console.log(table(figures));
console.log(
  JSON.stringify({
    getHitOpsPerSec: Math.round(hot.getHit),
    lruCacheGetHitOpsPerSec: Math.round(lru.getHit),
    getHitRatioVsLruCache: Math.round((hot.getHit / lru.getHit) * 100) / 100,
    getMissOpsPerSec: Math.round(hot.getMiss),
    lruCacheGetMissOpsPerSec: Math.round(lru.getMiss),
    setOpsPerSec: Math.round(hot.setEvicting),
    lruCacheSetOpsPerSec: Math.round(lru.setEvicting),
    heapBytesPerEntry: Math.round(hot.heapBytesPerEntry),
    lruCacheHeapBytesPerEntry: Math.round(lru.heapBytesPerEntry),
  }),
);
