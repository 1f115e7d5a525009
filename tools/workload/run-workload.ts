import { GLOBAL_ID } from '@strata/contexts';
import { FakeClock, type TierName } from '@strata/tiers';
import { demoDataset, type DemoDataset } from '../seed/demo-dataset';
import { entityCount, seedDatabase } from '../seed/seed-database';
import { judgeTargets, type TargetVerdicts } from './kpi-targets';
import type { SimulatedEvent } from './simulated-event';
import { SimulatedWrites } from './simulated-writes';
import { VersionLedger, type StaleRead } from './stale-read-checker';
import { openWorkloadApplication } from './workload-application';
import { openWorkloadDatabases } from './workload-databases';
import {
  labelFigures,
  overallHitRate,
  queryReduction,
  tierFigures,
  typeFigures,
  type LabelFigures,
  type TierFigures,
  type TypeFigures,
} from './workload-figures';
import type { WorkloadOptions } from './workload-options';
import { DEFAULT_WARMING_SETTINGS, type WarmingOverrides } from '@strata/warming';
import { runPass, type PassResult } from './workload-pass';
import { generateSchedule } from './workload-schedule';
import { runColdRestarts, type ColdRestartFigures } from './cold-restart';

/** The headline figures: what the last stdout line carries. */
export interface WorkloadHeadline {
  hitRate: number;
  queryReduction: number;
  /** The same reduction counting the read requests' statements only (writes cost the same either way). */
  readQueryReduction: number;
  staleReads: number;
  /** Warmed entries read before they left, over those settled (every strategy); 0 with none settled. */
  warmingSuccess: number;
  avgMsCached: number;
  p99MsCached: number;
  avgMsUncached: number;
  p99MsUncached: number;
  /** The same requests' CPU time (process user + system), average and p99, in milliseconds. */
  cpuMsCached: number;
  cpuP99MsCached: number;
  cpuMsUncached: number;
  cpuP99MsUncached: number;
  bytesHot: number;
  bytesWarm: number;
  bytesCold: number;
  /**
   * Hit rate in the first simulated minute after the api process's cache restarted mid-morning
   * with start-up warming (ColdRestartFigures); absent when no restart was measured.
   */
  coldRestartFirstMinuteHitRate?: number;
  /** Predictive warming's precision on the next window, and the baseline's (last window's most read). */
  predictionPrecision?: number;
  baselinePrecision?: number;
}

export interface WorkloadReport {
  options: Omit<WorkloadOptions, 'progress'>;
  schedule: { events: number; logins: number; readRequests: number; writes: number };
  headline: WorkloadHeadline;
  targets: TargetVerdicts;
  tiers: Record<TierName, TierFigures>;
  types: Record<string, TypeFigures>;
  /** Reads by label as the simulator counted them by `x-cache` source (cache on). */
  servedBy: Record<string, LabelFigures>;
  cached: PassResult;
  /** The same schedule cached without any warming strategy. */
  unwarmed: PassResult;
  uncached: PassResult;
  /** The mid-morning restart with and without start-up warming; absent with --no-cold-restart. */
  coldRestart?: ColdRestartFigures;
  /** Stale reads from both passes (the uncached one reads the source, so any there is a simulator bug). */
  staleExamples: StaleRead[];
}

/** A Monday, so the simulated day is a working day; only the hour matters to the schedule. */
const SIMULATED_MONDAY = Date.UTC(2026, 0, 5);
const HOUR_MS = 3_600_000;
/** The warmer's predictive job's window (DEFAULT_WARMING_SETTINGS.predictive, its cron). */
const PREDICTION_WINDOW_MS = DEFAULT_WARMING_SETTINGS.predictive.windowMinutes * 60_000;

/**
 * Runs one simulated span twice on fresh databases, cache on and cache off, and reports both.
 * A library call, so that the TTL-policy and warming issues can rerun it with their own options.
 */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadReport> {
  const dataset = demoDataset(options.seed, options.dataset);
  const schedule = generateSchedule(dataset, options);
  const cached = await runOnePass(options, dataset, schedule, true, options.warming);
  const unwarmed = await runOnePass(options, dataset, schedule, true, { strategies: [] });
  const uncached = await runOnePass(options, dataset, schedule, false, { strategies: [] });
  const coldRestart = options.coldRestart
    ? await runColdRestarts(options, dataset, schedule, {
        startsAt: SIMULATED_MONDAY + options.startHour * HOUR_MS,
        predictEveryMs: PREDICTION_WINDOW_MS,
      })
    : undefined;
  return buildReport(options, schedule, { cached, unwarmed, uncached }, coldRestart);
}

async function runOnePass(
  options: WorkloadOptions,
  dataset: DemoDataset,
  schedule: readonly SimulatedEvent[],
  cacheEnabled: boolean,
  warming: WarmingOverrides,
): Promise<PassResult> {
  const name = !cacheEnabled
    ? 'cache off'
    : warming.strategies?.length === 0
      ? 'no warming'
      : 'cache on';
  const startsAt = SIMULATED_MONDAY + options.startHour * HOUR_MS;
  const clock = new FakeClock(startsAt);
  const databases = await openWorkloadDatabases(options.database);
  try {
    const app = await openWorkloadApplication({
      databases,
      cacheEnabled,
      clock,
      cacheOptions: options.cacheOptions,
      warming,
    });
    try {
      const seeding = options.progress?.phase(
        `${name}: seeding ${options.database}`,
        entityCount(dataset),
      );
      await seedDatabase(app.store, dataset, seeding);
      seeding?.end();
      const ledger = new VersionLedger();
      ledger.acknowledge(GLOBAL_ID, (await app.store.getGlobal()).version);
      return await runPass(
        {
          app,
          clock,
          startsAt,
          ledger,
          writes: new SimulatedWrites(app.cached, dataset.global),
          sweepEveryMs: options.sweepEveryMinutes * 60_000,
          predictEveryMs: PREDICTION_WINDOW_MS,
          progress: options.progress,
        },
        schedule,
        { name, cacheEnabled },
      );
    } finally {
      await app.close();
    }
  } finally {
    await databases.drop();
  }
}

function buildReport(
  options: WorkloadOptions,
  schedule: readonly SimulatedEvent[],
  { cached, unwarmed, uncached }: Record<'cached' | 'unwarmed' | 'uncached', PassResult>,
  coldRestart: ColdRestartFigures | undefined,
): WorkloadReport {
  const hitRate = overallHitRate(cached);
  const reduction = queryReduction(cached.queries.total, uncached.queries.total);
  const restarts =
    coldRestart === undefined ? [] : [coldRestart.withStartup, coldRestart.withoutStartup];
  const staleReads =
    cached.staleReads +
    unwarmed.staleReads +
    uncached.staleReads +
    restarts.reduce((sum, restart) => sum + restart.staleReads, 0);
  const tiers = tierFigures(cached.stats);
  // The report is data: the progress stays out of it.
  const reported: WorkloadReport['options'] = { ...options };
  delete (reported as WorkloadOptions).progress;
  return {
    options: reported,
    schedule: {
      events: schedule.length,
      logins: schedule.filter((event) => event.kind === 'login').length,
      readRequests: schedule.filter((event) => event.kind === 'read').length,
      writes: schedule.filter((event) => event.kind === 'write').length,
    },
    headline: {
      hitRate,
      queryReduction: reduction,
      readQueryReduction: queryReduction(cached.queries.reads, uncached.queries.reads),
      staleReads,
      warmingSuccess: cached.warming.successRate ?? 0,
      avgMsCached: cached.latency.meanMs,
      p99MsCached: cached.latency.p99Ms,
      avgMsUncached: uncached.latency.meanMs,
      p99MsUncached: uncached.latency.p99Ms,
      cpuMsCached: cached.latency.cpuMeanMs,
      cpuP99MsCached: cached.latency.cpuP99Ms,
      cpuMsUncached: uncached.latency.cpuMeanMs,
      cpuP99MsUncached: uncached.latency.cpuP99Ms,
      bytesHot: tiers.hot.bytes,
      bytesWarm: tiers.warm.bytes,
      bytesCold: tiers.cold.bytes,
      ...(coldRestart === undefined
        ? {}
        : { coldRestartFirstMinuteHitRate: coldRestart.withStartup.firstMinute.hitRate }),
      ...(cached.precision === undefined
        ? {}
        : {
            predictionPrecision: cached.precision.predictive.precision,
            baselinePrecision: cached.precision.baseline.precision,
          }),
    },
    targets: judgeTargets(hitRate, reduction, staleReads),
    tiers,
    types: typeFigures(cached.stats),
    servedBy: labelFigures(cached.sources),
    cached,
    unwarmed,
    uncached,
    ...(coldRestart === undefined ? {} : { coldRestart }),
    staleExamples: [
      ...cached.staleExamples,
      ...unwarmed.staleExamples,
      ...uncached.staleExamples,
      ...restarts.flatMap((restart) => restart.staleExamples),
    ],
  };
}
