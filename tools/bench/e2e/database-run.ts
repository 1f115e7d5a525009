import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Progress } from '../../harness/progress';
import type { DemoDataset } from '../../seed/demo-dataset';
import { AcknowledgedWrites } from './acknowledged-writes';
import { createBenchDatabase, type BenchDatabase } from './bench-database';
import { readCacheStats, readPeerStats, type StatsReader } from './cache-stats';
import type { DatabaseKind } from './cli-options';
import { loadRun, warmUp, type LoadRunSpec, type RunResult } from './load-run';
import { serverPatchCost, sourcePatchCost, type PatchCost } from './patch-cost';
import type { PeerKind } from './peers/peer-kind';
import { primeCache } from './prime-cache';
import { seedSource } from './seed-source';
import { BARE_ROUTE_PREFIX } from './server-paths';
import { startServer, type RunningServer } from './server-process';
import {
  roundOrder,
  summariseRuns,
  UNDER_WRITES,
  VARIANTS,
  type DatabaseSummary,
  type Variant,
  type WriteCosts,
} from './summary';
import type { TaskPopularity } from './task-popularity';

export interface RunPlan {
  dataset: DemoDataset;
  popularity: TaskPopularity;
  rounds: number;
  seconds: number;
  warmUpSeconds: number;
  /** Of each cached server once primed, before the first round. */
  initialWarmUpSeconds: number;
  connections: number;
  /** PATCHes per second beside the readers in the runs under writes. */
  writesPerSecond: number;
  /** PATCHes measured one after the other for their CPU cost. */
  costPatches: number;
  postgresUrl?: string;
  /** The peers' Redis (their second layer and bus); without it the peers are not run. */
  redisUrl?: string;
  /** Every Redis key the peers write starts with it. */
  redisKeyPrefix: string;
  profileDirectory?: string;
  /** The port of each server of this database. */
  ports: Record<'cached' | 'uncached' | PeerKind, number>;
  /** Where the warm-up and the measured runs are counted, and each run's figures noted. */
  progress: Progress;
}

export interface DatabaseResult extends DatabaseSummary {
  /** Length of the bare route's answer: the representative task's real resolved context. */
  bareBodyBytes: number;
}

/** A server the readers measure, and the writer's targets. */
interface Target {
  server: RunningServer;
  pathPrefix: string;
  stats: StatsReader;
  /** The acknowledged writes of the source behind it. */
  acknowledged: AcknowledgedWrites;
}

/** Writes go to the popular tasks, as reads do, from a sequence of their own. */
const WRITE_SEED = 7;

/**
 * One database: seed a source for Strata and one for each peer (a peer's writes must not change
 * Strata's source behind its cache, nor the reverse), start the api twice on Strata's (cache on,
 * with the bare route; cache off) and each peer's server on its own, prime every cached server
 * with every task once and warm it up on the workload, charge a PATCH its CPU, then measure every
 * variant round after round. The servers live through every round, so the caches are measured in
 * their steady state, as long-running replicas would be.
 */
export async function runOnDatabase(kind: DatabaseKind, plan: RunPlan): Promise<DatabaseResult> {
  const { progress } = plan;
  const peerKinds: PeerKind[] = plan.redisUrl ? ['cacheManager', 'bentocache'] : [];
  const scratch = mkdtempSync(join(tmpdir(), 'strata-bench-e2e-body-'));
  const databases: BenchDatabase[] = [];
  const servers: RunningServer[] = [];
  try {
    const source = async () => {
      const database = await createBenchDatabase(kind, plan.postgresUrl);
      databases.push(database);
      await seedSource(database, plan.dataset);
      return database;
    };
    const strataSource = await source();
    const writeIds = () => plan.popularity.sampler(WRITE_SEED);
    // Before any server caches it, so that the writes change nothing a cache holds.
    const sourceCost = await sourcePatchCost(strataSource, writeIds(), plan.costPatches);
    const start = async (spec: Parameters<typeof startServer>[0]) => {
      const server = await startServer(spec);
      servers.push(server);
      return server;
    };
    const uncached = await start({
      name: 'uncached',
      database: strataSource,
      cache: 'off',
      port: plan.ports.uncached,
    });
    // The same route with no cache behind it, before the cached server exists to be bypassed.
    const uncachedCost = await serverPatchCost(
      uncached,
      writeIds(),
      plan.costPatches,
      new AcknowledgedWrites(),
    );
    // The bare route answers the representative task's context as the api itself resolves it.
    const bareBody = await fetchBody(uncached.baseUrl, plan.popularity.representativeId);
    const bareBodyFile = join(scratch, 'bare-body.json');
    writeFileSync(bareBodyFile, bareBody);
    const cached = await start({
      name: 'cached',
      database: strataSource,
      cache: 'on',
      port: plan.ports.cached,
      bareBodyFile,
      profileDirectory: plan.profileDirectory,
    });
    const strataWrites = new AcknowledgedWrites();
    const targets: Partial<Record<Variant, Target>> = {
      cached: {
        server: cached,
        pathPrefix: '/v1/contexts/task/',
        stats: readCacheStats,
        acknowledged: strataWrites,
      },
      uncached: {
        server: uncached,
        pathPrefix: '/v1/contexts/task/',
        stats: readCacheStats,
        acknowledged: strataWrites,
      },
      // Its counters are the cached server's: they must not move while the bare route runs.
      bare: {
        server: cached,
        pathPrefix: `${BARE_ROUTE_PREFIX}/task/`,
        stats: readCacheStats,
        acknowledged: strataWrites,
      },
    };
    for (const peer of peerKinds) {
      const server = await start({
        name: peer,
        database: await source(),
        cache: { peer, redisUrl: plan.redisUrl ?? '', keyPrefix: `${plan.redisKeyPrefix}${peer}` },
        port: plan.ports[peer],
        profileDirectory: plan.profileDirectory,
      });
      targets[peer] = {
        server,
        pathPrefix: '/v1/contexts/task/',
        stats: readPeerStats,
        acknowledged: new AcknowledgedWrites(),
      };
    }
    const caches = ['cached', ...peerKinds] as const;
    for (const variant of caches) {
      const target = targets[variant];
      if (target) {
        targets[UNDER_WRITES[variant]] = target;
      }
    }
    const spec = (variant: Variant, label: string, seed: number): LoadRunSpec => {
      const target = targets[variant];
      if (!target) {
        throw new Error(`no server for ${variant}`);
      }
      const underWrites = variant.endsWith('UnderWrites');
      return {
        label,
        baseUrl: target.server.baseUrl,
        pathPrefix: target.pathPrefix,
        stats: target.stats,
        nextId: plan.popularity.sampler(seed),
        connections: plan.connections,
        warmUpSeconds: plan.warmUpSeconds,
        seconds: plan.seconds,
        writes: underWrites
          ? {
              nextId: plan.popularity.sampler(WRITE_SEED + seed),
              perSecond: plan.writesPerSecond,
              acknowledged: target.acknowledged,
            }
          : undefined,
      };
    };
    const warming = progress.phase(`${kind} priming and warm-up`, caches.length);
    for (const variant of caches) {
      const target = targets[variant];
      if (!target) {
        continue;
      }
      await primeCache(target.server.baseUrl, plan.popularity.taskIds, plan.connections);
      // The hot tier admits what the workload reads often: let it see the workload for a while,
      // so that the first round is not still filling it.
      await warmUp(spec(variant, `${kind} ${variant} warm-up`, 999), plan.initialWarmUpSeconds);
      warming.tick();
    }
    const writeCosts: WriteCosts = {
      source: sourceCost,
      uncachedRoute: uncachedCost,
      strata: await serverPatchCost(cached, writeIds(), plan.costPatches, strataWrites),
      peers: {},
    };
    for (const peer of peerKinds) {
      const target = targets[peer];
      if (target) {
        writeCosts.peers[peer] = await serverPatchCost(
          target.server,
          writeIds(),
          plan.costPatches,
          target.acknowledged,
        );
      }
    }
    progress.note(costsLine(kind, writeCosts));
    const measured = (Object.keys(targets) as Variant[]).sort(byVariantOrder);
    const runs: Partial<Record<Variant, RunResult[]>> = {};
    const measuring = progress.phase(`${kind} measured runs`, plan.rounds * measured.length);
    for (let round = 0; round < plan.rounds; round++) {
      for (const variant of roundOrder(measured, round)) {
        // A fresh seeded sequence per run, the same for every variant of a round.
        const result = await loadRun(
          spec(variant, `${kind} ${variant} round ${round + 1}`, 1000 + round),
        );
        (runs[variant] ??= []).push(result);
        progress.note(runLine(kind, round, variant, result));
        measuring.tick();
      }
    }
    progress.close();
    return { ...summariseRuns(runs, writeCosts), bareBodyBytes: Buffer.byteLength(bareBody) };
  } finally {
    for (const server of servers.reverse()) {
      await server.stop();
    }
    rmSync(scratch, { recursive: true, force: true });
    for (const database of databases) {
      await database.drop();
    }
  }
}

const byVariantOrder = (a: Variant, b: Variant) => VARIANTS.indexOf(a) - VARIANTS.indexOf(b);

function costsLine(kind: DatabaseKind, costs: WriteCosts): string {
  const ms = (cost: PatchCost | undefined) => (cost ? `${cost.cpuMsPerPatch.toFixed(2)} ms` : '—');
  return (
    `${kind} CPU per PATCH: source ${ms(costs.source)}, STRATA_CACHE=off ${ms(costs.uncachedRoute)}, ` +
    `Strata ${ms(costs.strata)}, ` +
    `cache-manager ${ms(costs.peers.cacheManager)}, BentoCache ${ms(costs.peers.bentocache)}`
  );
}

function runLine(kind: DatabaseKind, round: number, variant: Variant, result: RunResult): string {
  const stale =
    result.checkedReads > 0
      ? `, ${result.staleReads}/${result.checkedReads} stale, ${result.writes} writes` +
        (result.writesRefused > 0 ? ` (${result.writesRefused} refused with 503)` : '')
      : '';
  return (
    `${kind} round ${round + 1} ${variant.padEnd(24)} ${Math.round(result.requestsPerSecond)} req/s, ` +
    `p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.sourceQueriesPerRequest.toFixed(3)} queries/request, ` +
    `hot ${Math.round(result.hotShare * 100)}% warm ${Math.round(result.warmShare * 100)}%${stale}`
  );
}

async function fetchBody(baseUrl: string, taskId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/contexts/task/${taskId}`);
  if (response.status !== 200) {
    throw new Error(`GET /v1/contexts/task/${taskId} answered ${response.status}`);
  }
  return response.text();
}
