import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DataSource, In } from 'typeorm';
import { createDataSourceOptions, runMigrations } from '@strata/database';
import { createPostgresSchema } from '@strata/database/testing';
import {
  type CacheEntry,
  DatabaseTierStore,
  FakeClock,
  type PersistentTierStore,
  RedisTierStore,
  TIER_ENTITIES,
  TIER_MIGRATIONS,
  TIER_MIGRATIONS_TABLE,
} from '@strata/tiers';
import { createProgress } from '../../harness/progress';
import { writeBenchmarkSection } from '../report/benchmarks-file';
import { commandLineFlags } from '../report/command-line-flags';
import { median } from '../report/statistics';
import { fillDatabaseTier, fillRedisTier } from './fill';

const USAGE =
  'usage: npm run bench:scale -- [--quick]\n' +
  'PostgreSQL comes from STRATA_BENCH_POSTGRES_URL or STRATA_TEST_POSTGRES_URL, Redis from\n' +
  'STRATA_BENCH_REDIS_URL or STRATA_TEST_REDIS_URL; without them those rows are left out.';

let quick = false;
for (const { flag } of commandLineFlags(process.argv.slice(2), USAGE)) {
  if (flag === '--quick') quick = true;
  else throw new Error(`unknown option ${flag}\n${USAGE}`);
}
const postgresUrl =
  process.env['STRATA_BENCH_POSTGRES_URL'] || process.env['STRATA_TEST_POSTGRES_URL'];
const redisUrl = process.env['STRATA_BENCH_REDIS_URL'] || process.env['STRATA_TEST_REDIS_URL'];

/** Warm-tier sizes on PostgreSQL (rows of tier_entries). */
const ROW_SIZES = quick ? [1_000, 10_000] : [100_000, 1_000_000, 10_000_000];
/** Dependants of one project, invalidated at once, over a tier of DEPENDANT_TIER_ROWS. */
const DEPENDANTS = quick ? [10, 100, 1_000] : [10, 100, 1_000, 10_000];
const DEPENDANT_TIER_ROWS = quick ? 10_000 : 100_000;
const ROUNDS = quick ? 5 : 21;
const READS = quick ? 200 : 2_000;

type Kind = 'sqlite' | 'postgres' | 'redis';

interface Target {
  kind: Kind;
  store: PersistentTierStore;
  /** The data source of a database target, for the TypeORM comparison. */
  dataSource?: DataSource;
  close(): Promise<void>;
}

const clock = new FakeClock();

function entry(key: string, dependencies: string[]): CacheEntry {
  return {
    key,
    type: 'context',
    json: JSON.stringify({ key, text: 'x'.repeat(200) }),
    dependencies,
    createdAt: clock.now(),
    expiresAt: clock.now() + 3_600_000,
    staleUntil: clock.now() + 7_200_000,
  };
}

/**
 * A budget the filled tier fits in with room to spare, so that the measured writes never evict:
 * eviction is measured by the contract suite, and here would first shed the fill itself.
 */
function budgetFor(rows: number): { defaultBudgetBytes: number } {
  return { defaultBudgetBytes: rows * 1_024 + 512 * 1024 * 1024 };
}

async function milliseconds(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function openDatabase(kind: 'sqlite' | 'postgres', rows: number): Promise<Target> {
  let url: string;
  let schema: string | undefined;
  let drop: () => Promise<void>;
  if (kind === 'postgres') {
    const created = await createPostgresSchema(postgresUrl ?? '', 'bench_scale');
    ({ url, schema, drop } = created);
  } else {
    const directory = mkdtempSync(join(tmpdir(), 'strata-bench-scale-'));
    url = `sqlite:${join(directory, 'tiers.sqlite')}`;
    drop = async () => rmSync(directory, { recursive: true, force: true });
  }
  const dataSource = new DataSource(
    createDataSourceOptions({
      url,
      schema,
      entities: TIER_ENTITIES,
      migrations: TIER_MIGRATIONS,
      migrationsTableName: TIER_MIGRATIONS_TABLE,
      // Filling a tier of a million rows takes statements far longer than a request's bound.
      statementTimeoutMs: 600_000,
    }),
  );
  await dataSource.initialize();
  await runMigrations(dataSource);
  await fillDatabaseTier(dataSource, kind === 'postgres', rows, clock.now());
  const store = new DatabaseTierStore({ tier: 'warm', dataSource, clock, ...budgetFor(rows) });
  return {
    kind,
    store,
    dataSource,
    close: async () => {
      await store.close();
      await dataSource.destroy();
      await drop();
    },
  };
}

async function openRedis(rows: number): Promise<Target> {
  const redis = new Redis(redisUrl ?? '');
  const keyPrefix = `strata-bench:${randomBytes(6).toString('hex')}:`;
  const store = new RedisTierStore({ tier: 'warm', redis, keyPrefix, clock, ...budgetFor(rows) });
  await fillRedisTier(store, rows, clock.now());
  return {
    kind: 'redis',
    store,
    close: async () => {
      // Only this run's keys, in batches: the Redis may be shared.
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
      await redis.quit();
    },
  };
}

/** Median time of invalidating a dependency with `dependants` entries, set up anew each round. */
async function invalidationMs(store: PersistentTierStore, dependants: number, rounds: number) {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const dependency = `project:target-${dependants}-${round}`;
    const stamp = await store.stamp();
    for (let start = 0; start < dependants; start += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, dependants - start) }, (_, offset) =>
          store.set(
            entry(`context:${dependency}:${start + offset}`, [dependency, 'global']),
            stamp,
          ),
        ),
      );
    }
    let removed = 0;
    times.push(
      await milliseconds(async () => {
        removed = await store.deleteByDependency(dependency);
      }),
    );
    if (removed !== dependants) {
      throw new Error(`invalidation removed ${removed} of ${dependants} dependants`);
    }
  }
  return median(times);
}

/** Median microseconds of a warm read (hit and miss) and of a write, over READS of each. */
async function readWriteMicros(target: Target, rows: number) {
  const { store } = target;
  const perCall = async (calls: number, call: (index: number) => Promise<unknown>) => {
    const times: number[] = [];
    for (let index = 0; index < calls; index++) {
      times.push((await milliseconds(() => call(index))) * 1000);
    }
    return median(times);
  };
  const filled = (index: number) => `context:fill:${1 + ((index * 7919) % rows)}`;
  const hit = await perCall(READS, (index) => store.get(filled(index)));
  const miss = await perCall(READS, (index) => store.get(`context:absent:${index}`));
  const stamp = await store.stamp();
  const write = await perCall(Math.min(READS, 500), (index) =>
    store.set(entry(`context:written:${index}`, ['project:written', 'global']), stamp),
  );
  let typeorm: number | undefined;
  if (target.dataSource !== undefined) {
    // The read as it was before prepared statements: TypeORM's entity manager.
    const manager = target.dataSource.manager;
    const row = TIER_ENTITIES[0];
    typeorm = await perCall(READS, (index) =>
      manager.findBy(row, { tier: 'warm', key: In([filled(index)]) }),
    );
  }
  return { hit, miss, write, typeorm };
}

interface RowFigures {
  rows: number;
  fillSeconds: number;
  invalidationMs: number;
  hitUs: number;
  missUs: number;
  writeUs: number;
  typeormHitUs?: number;
}

const progress = createProgress('bench:scale');

async function byRows(): Promise<RowFigures[]> {
  const figures: RowFigures[] = [];
  if (!postgresUrl) {
    console.error('PostgreSQL skipped: set STRATA_BENCH_POSTGRES_URL to measure tier sizes');
    return figures;
  }
  // Counted in rows: filling the tier is most of a size's time.
  const phase = progress.phase(
    'postgres tier sizes',
    ROW_SIZES.reduce((sum, n) => sum + n, 0),
    'rows',
  );
  for (const rows of ROW_SIZES) {
    const started = Date.now();
    const target = await openDatabase('postgres', rows);
    const fillSeconds = (Date.now() - started) / 1000;
    try {
      const invalidation = await invalidationMs(target.store, 10, ROUNDS);
      const io = await readWriteMicros(target, rows);
      figures.push({
        rows,
        fillSeconds,
        invalidationMs: invalidation,
        hitUs: io.hit,
        missUs: io.miss,
        writeUs: io.write,
        typeormHitUs: io.typeorm,
      });
      progress.note(`postgres ${rows} rows: ${JSON.stringify(figures[figures.length - 1])}`);
      phase.tick(rows);
    } finally {
      await target.close();
    }
  }
  progress.close();
  return figures;
}

interface DependantFigures {
  kind: Kind;
  dependants: number;
  invalidationMs: number;
}

interface ReadFigures {
  kind: Kind;
  hitUs: number;
  missUs: number;
  writeUs: number;
  typeormHitUs?: number;
}

async function byDependants(reads: ReadFigures[]): Promise<DependantFigures[]> {
  const kinds: Kind[] = [
    'sqlite',
    ...(postgresUrl ? ['postgres' as const] : []),
    ...(redisUrl ? ['redis' as const] : []),
  ];
  const figures: DependantFigures[] = [];
  const phase = progress.phase('dependants', kinds.length * DEPENDANTS.length);
  for (const kind of kinds) {
    const target =
      kind === 'redis'
        ? await openRedis(DEPENDANT_TIER_ROWS)
        : await openDatabase(kind, DEPENDANT_TIER_ROWS);
    try {
      const io = await readWriteMicros(target, DEPENDANT_TIER_ROWS);
      reads.push({
        kind,
        hitUs: io.hit,
        missUs: io.miss,
        writeUs: io.write,
        typeormHitUs: io.typeorm,
      });
      for (const dependants of DEPENDANTS) {
        const rounds = dependants >= 1_000 ? Math.max(3, Math.floor(ROUNDS / 4)) : ROUNDS;
        figures.push({
          kind,
          dependants,
          invalidationMs: await invalidationMs(target.store, dependants, rounds),
        });
        progress.note(
          `${kind} ${dependants} dependants: ${figures[figures.length - 1].invalidationMs.toFixed(2)} ms`,
        );
        phase.tick();
      }
    } finally {
      await target.close();
    }
  }
  progress.close();
  return figures;
}

const fixed = (value: number | undefined, digits = 2) =>
  value === undefined ? '—' : value.toFixed(digits);

function report(rows: RowFigures[], dependants: DependantFigures[], reads: ReadFigures[]): string {
  const kinds = [...new Set(dependants.map((figure) => figure.kind))];
  const cell = (kind: Kind, count: number) =>
    dependants.find((figure) => figure.kind === kind && figure.dependants === count);
  return [
    '## Scale: the warm tier as it grows',
    '',
    `**By rows (PostgreSQL).** The warm tier filled with N entries (each with its own key and one of`,
    `1,000 projects as dependencies: 2N dependency rows), then: invalidating a dependency with 10`,
    `dependants (median of ${ROUNDS} rounds, the dependants written anew each round); a warm read that hits`,
    `and one that misses, through the store's prepared statement, and the same hit through TypeORM's`,
    `entity manager (the read before prepared statements); a conditional write (median of single calls, µs).`,
    '',
    '| rows | invalidation (ms) | read hit (µs) | read miss (µs) | write (µs) | TypeORM read hit (µs) | fill (s) |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (figure) =>
        `| ${figure.rows.toLocaleString('en')} | ${fixed(figure.invalidationMs)} | ${fixed(figure.hitUs, 0)} | ${fixed(figure.missUs, 0)} | ${fixed(figure.writeUs, 0)} | ${fixed(figure.typeormHitUs, 0)} | ${fixed(figure.fillSeconds, 0)} |`,
    ),
    '',
    `**By dependants.** One project with D dependent contexts in a warm tier of ${DEPENDANT_TIER_ROWS.toLocaleString('en')} entries,`,
    'invalidated at once (median ms; µs per dependant in brackets). Removing an entry is work per entry:',
    'its row, its dependency rows and its share of the totals (or its hash and index memberships in',
    'Redis), so this cost must grow linearly with D; what it must not do is grow with the tier.',
    '',
    `| dependants | ${kinds.join(' | ')} |`,
    `|---:|${kinds.map(() => '---:').join('|')}|`,
    ...DEPENDANTS.map(
      (count) =>
        `| ${count.toLocaleString('en')} | ${kinds
          .map((kind) => {
            const figure = cell(kind, count);
            return figure === undefined
              ? '—'
              : `${fixed(figure.invalidationMs)} (${fixed((figure.invalidationMs * 1000) / count, 0)})`;
          })
          .join(' | ')} |`,
    ),
    '',
    `**Reads and writes** over the same tier of ${DEPENDANT_TIER_ROWS.toLocaleString('en')} entries (median µs of single calls): the warm read`,
    "through the store (a prepared statement on the driver's connection: better-sqlite3's prepare, a",
    "named pg statement; one Lua script on Redis) against the same read through TypeORM's entity",
    'manager, as the store read before, and a conditional write.',
    '',
    '| store | read hit | read miss | TypeORM read hit | prepared / TypeORM | write |',
    '|---|---:|---:|---:|---:|---:|',
    ...reads.map(
      (figure) =>
        `| ${figure.kind} | ${fixed(figure.hitUs, 0)} | ${fixed(figure.missUs, 0)} | ${fixed(figure.typeormHitUs, 0)} | ${figure.typeormHitUs === undefined ? '—' : fixed(figure.hitUs / figure.typeormHitUs)} | ${fixed(figure.writeUs, 0)} |`,
    ),
    '',
    'Plot: not yet drawn (the PNG line-chart tool of tools/bench/report was not on main when this ran).',
  ].join('\n');
}

async function main(): Promise<void> {
  const rows = await byRows();
  const reads: ReadFigures[] = [];
  const dependants = await byDependants(reads);
  const body = report(rows, dependants, reads);
  if (quick) console.log(body);
  else writeBenchmarkSection('scale', 'npm run bench:scale', body);
  const first = rows[0];
  const last = rows[rows.length - 1];
  console.log(
    JSON.stringify({
      rows: rows.map((figure) => ({
        rows: figure.rows,
        invalidationMs: figure.invalidationMs,
        hitUs: figure.hitUs,
      })),
      invalidationGrowthAcrossRows:
        first && last ? Math.round((last.invalidationMs / first.invalidationMs) * 100) / 100 : null,
      dependants,
      reads,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
