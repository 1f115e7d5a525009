// npm run bench:e2e [-- --quick] [--database sqlite|postgres|all] [--profile DIR]: the api under
// HTTP load on each database, through the cache, with the cache off, and against a bare route of
// the same app. Progress goes to stderr; the last stdout line is the JSON summary.
import { DEFAULT_DEMO_SIZE, demoDataset, type DemoDatasetSize } from '../../seed/demo-dataset';
import { writeBenchmarkSection } from '../report/benchmarks-file';
import { parseOptions, type DatabaseKind } from './cli-options';
import { runOnDatabase, type DatabaseResult, type RunPlan } from './database-run';
import { e2eSection, goalRows, type SectionFacts } from './markdown';
import { taskPopularity } from './task-popularity';

const SEED = 42;
const CONNECTIONS = 32;

/** Enough to prove the harness end to end in CI, in a few seconds per database. */
const QUICK_SIZE: DemoDatasetSize = {
  projects: 5,
  branchesPerProject: 2,
  tasksPerBranch: 20,
  users: 50,
  agents: 5,
  templates: 5,
};

const PORTS: Record<DatabaseKind, RunPlan['ports']> = {
  sqlite: { cached: 3961, uncached: 3962 },
  postgres: { cached: 3963, uncached: 3964 },
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const dataset = demoDataset(SEED, options.quick ? QUICK_SIZE : DEFAULT_DEMO_SIZE);
  const popularity = taskPopularity(dataset, SEED);
  const timing = options.quick
    ? { rounds: 1, seconds: 1, warmUpSeconds: 1, initialWarmUpSeconds: 1 }
    : { rounds: 3, seconds: 10, warmUpSeconds: 5, initialWarmUpSeconds: 30 };
  const results: Array<[DatabaseKind, DatabaseResult]> = [];
  for (const kind of options.databases) {
    const result = await runOnDatabase(kind, {
      dataset,
      popularity,
      ...timing,
      connections: CONNECTIONS,
      postgresUrl: options.postgresUrl,
      profileDirectory: options.profileDirectory,
      ports: PORTS[kind],
    });
    results.push([kind, result]);
  }

  const facts: SectionFacts = {
    tasks: popularity.taskIds.length,
    connections: CONNECTIONS,
    ...timing,
    meanBodyBytes: popularity.meanBodyBytes,
  };
  const section = e2eSection(facts, results);
  console.log(section);
  // A profiled server is slower than a real one: its figures are not the benchmark's.
  if (!options.quick && !options.profileDirectory) {
    writeBenchmarkSection('e2e', 'npm run bench:e2e', section);
  }
  console.log(JSON.stringify(headline(results)));
  // A goal not met is reported, not failed: this is a benchmark, not a test.
  for (const [kind, result] of results) {
    console.error(`goals ${goalRows(kind, result)}`);
  }
}

function headline(results: ReadonlyArray<[DatabaseKind, DatabaseResult]>) {
  return {
    connections: CONNECTIONS,
    ...Object.fromEntries(
      results.map(([kind, { variants, cachedToBare, cachedToBareMet, cachedP99Met }]) => [
        kind,
        {
          cachedRequestsPerSec: Math.round(variants.cached.requestsPerSecond),
          uncachedRequestsPerSec: Math.round(variants.uncached.requestsPerSecond),
          bareRequestsPerSec: Math.round(variants.bare.requestsPerSecond),
          cachedP50Ms: variants.cached.p50,
          cachedP99Ms: variants.cached.p99,
          uncachedP99Ms: variants.uncached.p99,
          bareP99Ms: variants.bare.p99,
          cachedSourceQueriesPerRequest: Number(variants.cached.sourceQueriesPerRequest.toFixed(4)),
          uncachedSourceQueriesPerRequest: Number(
            variants.uncached.sourceQueriesPerRequest.toFixed(4),
          ),
          cachedToBareRatio: Number(cachedToBare.toFixed(3)),
          cachedToBareGoalMet: cachedToBareMet,
          cachedP99GoalMet: cachedP99Met,
        },
      ]),
    ),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
