// npm run bench:e2e [-- --quick] [--database sqlite|postgres|all] [--profile DIR] [--port-base N]:
// the api under HTTP load on each database, through the cache, with the cache off, against a bare
// route of the same app, and against the peers a Nest user would pick (cache-manager's
// CacheInterceptor, BentoCache), read-only and with a writer beside the readers. Progress goes to
// stderr; the last stdout line is the JSON summary.
import { loadavg } from 'node:os';
import { createProgress } from '../../harness/progress';
import { DEFAULT_DEMO_SIZE, demoDataset, type DemoDatasetSize } from '../../seed/demo-dataset';
import { writeBenchmarkSection } from '../report/benchmarks-file';
import { parseOptions, type DatabaseKind } from './cli-options';
import { PEER_KINDS } from './peers/peer-kind';
import { deleteRedisKeys } from './redis-cleanup';
import { runOnDatabase, type DatabaseResult, type RunPlan } from './database-run';
import { e2eSection, goalRows, type SectionFacts } from './markdown';
import { taskPopularity } from './task-popularity';

const SEED = 42;
const CONNECTIONS = 32;
/** Issue 12: one writer at 50 PATCH/s beside the 32 reading connections. */
const WRITES_PER_SECOND = 50;
const FULL_ROUNDS = 3;

/** Enough to prove the harness end to end in CI, in a few seconds per database. */
const QUICK_SIZE: DemoDatasetSize = {
  projects: 5,
  branchesPerProject: 2,
  tasksPerBranch: 20,
  users: 50,
  agents: 5,
  templates: 5,
};

/** Each database's servers listen from the port base on, four apart. */
const portsOf = (base: number, kind: DatabaseKind): RunPlan['ports'] => {
  const first = base + (kind === 'sqlite' ? 0 : 4);
  return { cached: first, uncached: first + 1, cacheManager: first + 2, bentocache: first + 3 };
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const [loadAverage] = loadavg();
  const dataset = demoDataset(SEED, options.quick ? QUICK_SIZE : DEFAULT_DEMO_SIZE);
  const popularity = taskPopularity(dataset, SEED);
  const timing = options.quick
    ? { rounds: 1, seconds: 1, warmUpSeconds: 1, initialWarmUpSeconds: 1 }
    : {
        rounds: options.rounds ?? FULL_ROUNDS,
        seconds: 10,
        warmUpSeconds: 5,
        initialWarmUpSeconds: 20,
      };
  const redisKeyPrefix = `strata-bench-e2e-${process.pid}-`;
  const results: Array<[DatabaseKind, DatabaseResult]> = [];
  const progress = createProgress('bench:e2e');
  try {
    for (const kind of options.databases) {
      const result = await runOnDatabase(kind, {
        dataset,
        popularity,
        ...timing,
        connections: CONNECTIONS,
        writesPerSecond: WRITES_PER_SECOND,
        costPatches: options.quick ? 20 : 300,
        postgresUrl: options.postgresUrl,
        redisUrl: options.redisUrl,
        redisKeyPrefix: `${redisKeyPrefix}${kind}-`,
        profileDirectory: options.profileDirectory,
        ports: portsOf(options.portBase, kind),
        progress,
      });
      results.push([kind, result]);
    }
  } finally {
    progress.close();
    if (options.redisUrl) {
      await deleteRedisKeys(options.redisUrl, redisKeyPrefix);
    }
  }

  const facts: SectionFacts = {
    tasks: popularity.taskIds.length,
    connections: CONNECTIONS,
    writesPerSecond: WRITES_PER_SECOND,
    ...timing,
    meanBodyBytes: popularity.meanBodyBytes,
    loadAverage,
  };
  const section = e2eSection(facts, results);
  console.log(section);
  // A profiled server is slower than a real one, and one round is not a median: neither run is the
  // benchmark.
  if (!options.quick && !options.profileDirectory && timing.rounds === FULL_ROUNDS) {
    writeBenchmarkSection('e2e', 'npm run bench:e2e', section);
  }
  console.log(JSON.stringify(headline(results)));
  // A goal not met is reported, not failed: this is a benchmark, not a test.
  for (const [kind, result] of results) {
    console.error(`goals ${goalRows(kind, result)}`);
  }
}

function headline(results: ReadonlyArray<[DatabaseKind, DatabaseResult]>) {
  const figures = (result: DatabaseResult) => {
    const { variants } = result;
    const cached = variants.cached;
    const underWrites = variants.cachedUnderWrites;
    return {
      cachedRequestsPerSec: Math.round(cached?.requestsPerSecond ?? 0),
      uncachedRequestsPerSec: Math.round(variants.uncached?.requestsPerSecond ?? 0),
      bareRequestsPerSec: Math.round(variants.bare?.requestsPerSecond ?? 0),
      cachedP50Ms: cached?.p50,
      cachedP99Ms: cached?.p99,
      uncachedP99Ms: variants.uncached?.p99,
      bareP99Ms: variants.bare?.p99,
      cachedSourceQueriesPerRequest: Number((cached?.sourceQueriesPerRequest ?? 0).toFixed(4)),
      uncachedSourceQueriesPerRequest: Number(
        (variants.uncached?.sourceQueriesPerRequest ?? 0).toFixed(4),
      ),
      cachedToBareRatio: Number(result.cachedToBare.toFixed(3)),
      cachedToBareGoalMet: result.cachedToBareMet,
      cachedP99GoalMet: result.cachedP99Met,
      underWritesRequestsPerSec: Math.round(underWrites?.requestsPerSecond ?? 0),
      underWritesP99Ms: underWrites?.p99,
      underWritesToReadOnlyRatio: Number(result.underWritesToReadOnly.toFixed(3)),
      underWritesGoalMet: result.underWritesMet,
      staleReads: underWrites?.staleReads ?? 0,
      checkedReads: underWrites?.checkedReads ?? 0,
      patchCpuMs: Number(result.writeCosts.strata.cpuMsPerPatch.toFixed(3)),
      sourcePatchCpuMs: Number(result.writeCosts.source.cpuMsPerPatch.toFixed(3)),
      patchCpuToSourceRatio: Number(result.patchCpuToSource.toFixed(3)),
      uncachedRoutePatchCpuMs: Number(result.writeCosts.uncachedRoute.cpuMsPerPatch.toFixed(3)),
      patchCpuToUncachedRouteRatio: Number(result.patchCpuToUncachedRoute.toFixed(3)),
      patchCpuGoalMet: result.patchCpuMet,
      peers: Object.fromEntries(
        PEER_KINDS.flatMap((peer) => {
          const comparison = result.peers[peer];
          return comparison
            ? [
                [
                  peer,
                  {
                    requestsPerSec: Math.round(comparison.requestsPerSecond),
                    p99Ms: comparison.p99Ms,
                    underWritesRequestsPerSec: Math.round(comparison.underWritesRequestsPerSecond),
                    underWritesP99Ms: comparison.underWritesP99Ms,
                    staleReads: comparison.staleReads,
                    checkedReads: comparison.checkedReads,
                    patchCpuMs: Number(comparison.patchCpuMs.toFixed(3)),
                    strataToPeerRatio: Number(comparison.strataToPeer.toFixed(3)),
                    strataToPeerUnderWritesRatio: Number(
                      comparison.strataToPeerUnderWrites.toFixed(3),
                    ),
                  },
                ],
              ]
            : [];
        }),
      ),
    };
  };
  return {
    connections: CONNECTIONS,
    writesPerSecond: WRITES_PER_SECOND,
    ...Object.fromEntries(results.map(([kind, result]) => [kind, figures(result)])),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
