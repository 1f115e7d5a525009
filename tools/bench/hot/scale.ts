import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LRUCache } from 'lru-cache';
import { type CacheEntry, HotTier, systemClock } from '@strata/tiers';
import { seededRandom } from '@strata/ttl-policy';
import { writeBenchmarkSection } from '../report/benchmarks-file';
import { writeLineChartPng } from '../report/plot-png';
import { median } from '../report/statistics';
import { createProgress, type Phase } from '../../harness/progress';
import { newGetLoop } from './measure';

// How the hot tier's costs grow with its size: a hit, a miss and an invalidation at 10^3 … 10^6
// entries, lru-cache's hit and miss beside them; then an invalidation's cost by its dependants.
const quick = process.argv.includes('--quick');
const SIZES = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000];
const OPERATIONS = quick ? 100_000 : 1_000_000;
const ROUNDS = quick ? 3 : 5;
/** Entries per dependency key in the size table: each invalidation removes this many. */
const DEPENDANTS = 10;
const INVALIDATIONS = quick ? 300 : 2_000;
/** The dependants table: one tier this large, dependency keys shared by this many entries. */
const WIDE_TIER = quick ? 10_000 : 100_000;
const WIDE_DEPENDANTS = quick ? [1, 10, 100, 1_000] : [1, 10, 100, 1_000, 10_000];
const WIDE_REPEATS = quick ? 5 : 15;
const PLOT = 'docs/benchmarks/hot-scale.png';

function entryFor(index: number, dependency: string): CacheEntry {
  const key = `task:${index.toString().padStart(8, '0')}`;
  const now = Date.now();
  return {
    key,
    type: 'task',
    json: `{"id":"${key}","pad":"${'x'.repeat(80)}"}`,
    dependencies: [dependency],
    createdAt: now,
    expiresAt: now + 3_600_000,
    staleUntil: now + 7_200_000,
  };
}

function newTier(): HotTier {
  return new HotTier({
    clock: systemClock,
    defaultBudgetBytes: Number.MAX_SAFE_INTEGER,
    sweepIntervalMs: 0,
  });
}

/** CPU nanoseconds of one run (the machine is shared: wall time would count others' work). */
function cpuNanoseconds(run: () => void): number {
  const started = process.cpuUsage();
  run();
  const { user, system } = process.cpuUsage(started);
  return (user + system) * 1000;
}

interface SizeRow {
  entries: number;
  hit: number;
  miss: number;
  invalidation: number;
  lruHit: number;
  lruMiss: number;
}

function measureSize(entries: number): SizeRow {
  const random = seededRandom(entries);
  const all = Array.from({ length: entries }, (_, i) =>
    entryFor(i, `group:${Math.floor(i / DEPENDANTS)}`),
  );
  const tier = newTier();
  const lru = new LRUCache<string, CacheEntry>({ max: entries });
  for (const entry of all) {
    tier.set(entry);
    lru.set(entry.key, entry);
  }
  const hitKeys = Array.from({ length: OPERATIONS }, () => all[Math.floor(random() * entries)].key);
  const missKeys = Array.from({ length: OPERATIONS }, (_, i) => `task:absent-${i}`);
  const loops = { tier: newGetLoop(), lru: newGetLoop() };
  const tierGets = { get: (key: string) => tier.get(key) };
  const lruGets = { get: (key: string) => lru.get(key) };
  const samples = {
    hit: [] as number[],
    miss: [] as number[],
    lruHit: [] as number[],
    lruMiss: [] as number[],
    invalidation: [] as number[],
  };
  const groups = Math.floor(entries / DEPENDANTS);
  for (let round = 0; round < ROUNDS; round++) {
    const tierFirst = round % 2 === 0;
    const pair = (keys: string[], tierSample: number[], lruSample: number[]) => {
      const runTier = () =>
        tierSample.push(cpuNanoseconds(() => loops.tier(tierGets as never, keys)) / keys.length);
      const runLru = () =>
        lruSample.push(cpuNanoseconds(() => loops.lru(lruGets as never, keys)) / keys.length);
      if (tierFirst) {
        runTier();
        runLru();
      } else {
        runLru();
        runTier();
      }
    };
    pair(hitKeys, samples.hit, samples.lruHit);
    pair(missKeys, samples.miss, samples.lruMiss);
    const chosen = Array.from({ length: Math.min(INVALIDATIONS, groups) }, () =>
      Math.floor(random() * groups),
    );
    const unique = [...new Set(chosen)];
    const time = cpuNanoseconds(() => {
      for (const group of unique) tier.deleteByDependency(`group:${group}`);
    });
    samples.invalidation.push(time / unique.length);
    for (const group of unique) {
      for (let i = group * DEPENDANTS; i < Math.min(entries, (group + 1) * DEPENDANTS); i++)
        tier.set(all[i]);
    }
  }
  tier.close();
  return {
    entries,
    hit: median(samples.hit),
    miss: median(samples.miss),
    invalidation: median(samples.invalidation),
    lruHit: median(samples.lruHit),
    lruMiss: median(samples.lruMiss),
  };
}

interface WideRow {
  dependants: number;
  nanoseconds: number;
}

function measureDependants(phase: Phase): WideRow[] {
  const tier = newTier();
  const wideEntries = WIDE_DEPENDANTS.map((dependants) =>
    Array.from({ length: dependants }, (_, i) =>
      entryFor(WIDE_TIER + dependants * 10 + i, `wide:${dependants}`),
    ),
  );
  for (let i = 0; i < WIDE_TIER; i++) tier.set(entryFor(i, `group:${Math.floor(i / DEPENDANTS)}`));
  const rows = WIDE_DEPENDANTS.map((dependants, index) => {
    const samples: number[] = [];
    for (let repeat = 0; repeat < WIDE_REPEATS; repeat++) {
      for (const entry of wideEntries[index]) tier.set(entry);
      let removed = 0;
      samples.push(cpuNanoseconds(() => (removed = tier.deleteByDependency(`wide:${dependants}`))));
      if (removed !== dependants) throw new Error(`removed ${removed} of ${dependants} dependants`);
    }
    phase.tick();
    return { dependants, nanoseconds: median(samples) };
  });
  tier.close();
  return rows;
}

const ns = (value: number): string => value.toFixed(0);
const growth = (rows: SizeRow[], field: keyof SizeRow): string =>
  `${(rows[rows.length - 1][field] / rows[0][field]).toFixed(2)}×`;

function tables(rows: SizeRow[], wide: WideRow[]): string {
  const first = rows[0].entries.toLocaleString('en');
  const last = rows[rows.length - 1].entries.toLocaleString('en');
  return [
    '## Hot tier at scale: cost by number of entries',
    '',
    `A HotTier (no eviction: the budget holds every entry) and lru-cache (count-bounded) holding N entries of`,
    `~100-character JSON, each entry depending on one of N/${DEPENDANTS} group keys. Gets of resident keys drawn`,
    `uniformly (so the whole structure is touched, not a hot subset), gets of absent keys, and invalidations`,
    `(\`deleteByDependency\` of a group key, removing its ${DEPENDANTS} dependants; they are stored again, untimed).`,
    `${OPERATIONS.toLocaleString('en')} gets and up to ${INVALIDATIONS.toLocaleString('en')} invalidations per round, medians of ${ROUNDS} rounds, process CPU nanoseconds per operation.`,
    '',
    '| entries | hot-tier hit | hot-tier miss | hot-tier invalidation (10 dependants) | lru-cache hit | lru-cache miss |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.entries.toLocaleString('en')} | ${ns(row.hit)} | ${ns(row.miss)} | ${ns(row.invalidation)} | ${ns(row.lruHit)} | ${ns(row.lruMiss)} |`,
    ),
    `| growth ${first} → ${last} | ${growth(rows, 'hit')} | ${growth(rows, 'miss')} | ${growth(rows, 'invalidation')} | ${growth(rows, 'lruHit')} | ${growth(rows, 'lruMiss')} |`,
    '',
    'Every operation here is O(1) in the structure: a Map lookup and a few column reads by slot for a get,',
    'a Map lookup and a write to the miss log for a miss, a dependency-index lookup and one removal per dependant for an',
    `invalidation. What grows from ${first} to ${last} entries (sublinearly: a thousandfold more entries cost`,
    `the hit ${growth(rows, 'hit')} and lru-cache's hit ${growth(rows, 'lruHit')}) is the memory hierarchy: gets spread uniformly over N`,
    'entries stop finding the Map’s buckets, the entry objects, the columns and, for misses, the sketch in the',
    'CPU caches past about 10^4 entries, so each waits on main memory; lru-cache’s Map shows the same curve.',
    'A hot subset (as in bench:hot’s Zipf keys) stays cached at any size.',
    '',
    `![Hot tier cost by number of entries](${PLOT})`,
    '',
    `### Invalidation by number of dependants (a tier of ${WIDE_TIER.toLocaleString('en')} entries)`,
    '',
    'One dependency key shared by D entries, invalidated and stored again; medians of ' +
      `${WIDE_REPEATS} repeats, process CPU time.`,
    '',
    'The cost per dependant stays within a small band; the total grows linearly with the dependants, as it',
    'must: each one is removed from the key map, its policy, the timer wheel and the index.',
    '',
    '| dependants | invalidation µs | ns per dependant |',
    '|---:|---:|---:|',
    ...wide.map(
      (row) =>
        `| ${row.dependants.toLocaleString('en')} | ${(row.nanoseconds / 1000).toFixed(1)} | ${ns(row.nanoseconds / row.dependants)} |`,
    ),
  ].join('\n');
}

async function main(): Promise<void> {
  const progress = createProgress('bench:hot-scale');
  // Counted in entries: a size's cost grows with its fill, so the ETA follows the entries to go.
  const sizes = progress.phase('sizes', SIZES[0] + SIZES.reduce((sum, size) => sum + size, 0));
  const measured = (entries: number) => {
    const row = measureSize(entries);
    sizes.tick(entries);
    return row;
  };
  // A discarded pass first, so that the smallest size is not the one measured while compiling.
  measured(SIZES[0]);
  const rows = SIZES.map(measured);
  const wide = measureDependants(progress.phase('dependants', WIDE_DEPENDANTS.length));
  progress.close();
  const plot = quick ? join(mkdtempSync(join(tmpdir(), 'hot-scale-')), 'hot-scale.png') : PLOT;
  mkdirSync(dirname(plot), { recursive: true });
  await writeLineChartPng(
    {
      title: 'Hot tier: CPU ns per operation by number of entries',
      xLabel: 'entries',
      yLabel: 'ns per operation',
      x: rows.map((row) => row.entries),
      series: [
        { label: 'hot-tier hit', values: rows.map((row) => row.hit) },
        { label: 'hot-tier miss', values: rows.map((row) => row.miss) },
        {
          label: `hot-tier invalidation (${DEPENDANTS} dependants)`,
          values: rows.map((row) => row.invalidation),
        },
        { label: 'lru-cache hit', values: rows.map((row) => row.lruHit) },
        { label: 'lru-cache miss', values: rows.map((row) => row.lruMiss) },
      ],
      logX: true,
      logY: true,
    },
    plot,
  );
  const body = tables(rows, wide);
  if (quick) console.log(body);
  else writeBenchmarkSection('hot-scale', 'npm run bench:hot-scale', body);
  console.log(JSON.stringify({ plot, sizes: rows, dependants: wide }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
