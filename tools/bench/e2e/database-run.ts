import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoDataset } from '../../seed/demo-dataset';
import { createBenchDatabase } from './bench-database';
import type { DatabaseKind } from './cli-options';
import { loadRun, warmUp, type LoadRunSpec, type RunResult } from './load-run';
import { primeCache } from './prime-cache';
import { seedSource } from './seed-source';
import { BARE_ROUTE_PREFIX } from './server-paths';
import { startServer, type RunningServer } from './server-process';
import { roundOrder, summariseRuns, type DatabaseSummary, type Variant } from './summary';
import type { TaskPopularity } from './task-popularity';

export interface RunPlan {
  dataset: DemoDataset;
  popularity: TaskPopularity;
  rounds: number;
  seconds: number;
  warmUpSeconds: number;
  /** Of the cached server once primed, before the first round. */
  initialWarmUpSeconds: number;
  connections: number;
  postgresUrl?: string;
  profileDirectory?: string;
  /** Ports of this database's two servers. */
  ports: { cached: number; uncached: number };
}

export interface DatabaseResult extends DatabaseSummary {
  /** Length of the bare route's answer: the representative task's real resolved context. */
  bareBodyBytes: number;
}

/**
 * One database: seed it, start the api twice on it (cache on, with the bare route; cache off),
 * prime the cached one with every task once and warm it up on the workload, then measure the
 * three variants round after round.
 * The servers live through every round, so the cached one is measured in its steady state, as a
 * long-running replica would be.
 */
export async function runOnDatabase(kind: DatabaseKind, plan: RunPlan): Promise<DatabaseResult> {
  const database = await createBenchDatabase(kind, plan.postgresUrl);
  const scratch = mkdtempSync(join(tmpdir(), 'strata-bench-e2e-body-'));
  const servers: RunningServer[] = [];
  try {
    await seedSource(database, plan.dataset);
    const uncached = await startServer({
      name: 'uncached',
      database,
      cache: 'off',
      port: plan.ports.uncached,
    });
    servers.push(uncached);
    // The bare route answers the representative task's context as the api itself resolves it.
    const bareBody = await fetchBody(uncached.baseUrl, plan.popularity.representativeId);
    const bareBodyFile = join(scratch, 'bare-body.json');
    writeFileSync(bareBodyFile, bareBody);
    const cached = await startServer({
      name: 'cached',
      database,
      cache: 'on',
      port: plan.ports.cached,
      bareBodyFile,
      profileDirectory: plan.profileDirectory,
    });
    servers.push(cached);
    const targets: Record<Variant, Pick<LoadRunSpec, 'baseUrl' | 'pathPrefix'>> = {
      cached: { baseUrl: cached.baseUrl, pathPrefix: '/v1/contexts/task/' },
      uncached: { baseUrl: uncached.baseUrl, pathPrefix: '/v1/contexts/task/' },
      // Its counters are the cached server's: they must not move while the bare route runs.
      bare: { baseUrl: cached.baseUrl, pathPrefix: `${BARE_ROUTE_PREFIX}/task/` },
    };
    const workload = (seed: number) => ({
      nextId: plan.popularity.sampler(seed),
      connections: plan.connections,
      warmUpSeconds: plan.warmUpSeconds,
      seconds: plan.seconds,
    });
    await primeCache(cached.baseUrl, plan.popularity.taskIds, plan.connections);
    // The hot tier admits what the workload reads often: let it see the workload for a while, so
    // that the first round is not still filling it.
    await warmUp(
      { label: `${kind} cached warm-up`, ...targets.cached, ...workload(999) },
      plan.initialWarmUpSeconds,
    );
    const runs: Record<Variant, RunResult[]> = { cached: [], uncached: [], bare: [] };
    for (let round = 0; round < plan.rounds; round++) {
      for (const variant of roundOrder(round)) {
        const result = await loadRun({
          label: `${kind} ${variant} round ${round + 1}`,
          ...targets[variant],
          // A fresh seeded sequence per run, the same for every variant of a round.
          ...workload(1000 + round),
        });
        runs[variant].push(result);
        console.error(
          `${kind} round ${round + 1} ${variant.padEnd(8)} ${Math.round(result.requestsPerSecond)} req/s, ` +
            `p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.sourceQueriesPerRequest.toFixed(3)} queries/request, ` +
            `hot ${Math.round(result.hotShare * 100)}% warm ${Math.round(result.warmShare * 100)}%`,
        );
      }
    }
    return { ...summariseRuns(runs), bareBodyBytes: Buffer.byteLength(bareBody) };
  } finally {
    for (const server of servers.reverse()) {
      await server.stop();
    }
    rmSync(scratch, { recursive: true, force: true });
    await database.drop();
  }
}

async function fetchBody(baseUrl: string, taskId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/contexts/task/${taskId}`);
  if (response.status !== 200) {
    throw new Error(`GET /v1/contexts/task/${taskId} answered ${response.status}`);
  }
  return response.text();
}
