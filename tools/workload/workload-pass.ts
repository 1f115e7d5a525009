import { TieredCache, type CacheSource, type CacheStats, type FakeClock } from '@strata/tiers';
import { performance } from 'node:perf_hooks';
import type { Progress } from '../harness/progress';
import { summariseLatency, type LatencySummary } from './latency-summary';
import { entity, performRead, type LabelledRead, type ReadLabel } from './served-reads';
import type { SimulatedEvent } from './simulated-event';
import type { SimulatedWrites } from './simulated-writes';
import { MissCauseTally, type MissCauses } from './miss-causes';
import {
  servedVersions,
  staleParts,
  type StaleRead,
  type VersionLedger,
} from './stale-read-checker';
import type { WorkloadApplication } from './workload-application';
import type { WarmingStats } from '@strata/warming';
import { PredictionPrecision, type PrecisionFigures } from './prediction-precision';
import { BandTally, type BandDistribution } from './band-distribution';
import { MissCostTally, type MissCost } from './miss-costs';

/** Served reads by label and by where they came from (the `x-cache` value). */
export type SourceCounts = Partial<Record<ReadLabel, Partial<Record<CacheSource, number>>>>;

/** What one pass over the schedule measured. */
export interface PassResult {
  cacheEnabled: boolean;
  /** Requests (logins and reads) and the reads they made through the cache. */
  requests: number;
  reads: number;
  writes: number;
  /**
   * Source-of-truth SQL statements: by the reads, by writes and recorded events, by warming (every
   * statement the pass ran that neither a read nor a write did), and in all.
   */
  queries: { reads: number; writes: number; warming: number; total: number };
  latency: LatencySummary;
  sources: SourceCounts;
  staleReads: number;
  /** Why reads went to the source. */
  missCauses: MissCauses;
  /** The first stale reads found, for the report. */
  staleExamples: StaleRead[];
  /** The cache's own figures at the end (the pass-through cache's when it is off). */
  stats: CacheStats;
  /** Warming's figures by strategy at the end. */
  warming: WarmingStats;
  /** Predictive warming's precision against the baseline, when it ran. */
  precision?: PrecisionFigures;
  /** The read keys by the band of their latest load (cache on). */
  bands: BandDistribution;
  /** Loads answering reads and the source statements they ran, by read label. */
  missCosts: Record<string, MissCost>;
}

export interface PassContext {
  app: WorkloadApplication;
  clock: FakeClock;
  /** Simulated time of the span's start. */
  startsAt: number;
  ledger: VersionLedger;
  writes: SimulatedWrites;
  sweepEveryMs: number;
  /** The warmer's predictive job: once per window of this length, as its cron runs it. */
  predictEveryMs: number;
  /**
   * Where in the span this pass begins, when it plays a later part of it (after a restart): the
   * sweeps and the predictive job keep their times of the whole span. Unset: the span's start.
   */
  resumeAt?: number;
  progress?: Progress;
}

const MAX_STALE_EXAMPLES = 20;

/**
 * Plays the schedule against one application, one request at a time, moving the simulated clock
 * to each event's instant. Every served read is checked against the ledger of acknowledged writes.
 */
export async function runPass(
  context: PassContext,
  schedule: readonly SimulatedEvent[],
  pass: { name: string; cacheEnabled: boolean },
): Promise<PassResult> {
  const { app, clock, ledger } = context;
  const result = emptyResult(pass.cacheEnabled);
  const misses = new MissCauseTally();
  const bands = new BandTally();
  const missCosts = new MissCostTally();
  const timings = new Float64Array(schedule.length);
  const cpuTimes = new Float64Array(schedule.length);
  let timed = 0;
  // A pass resumed after a restart keeps the warmer's schedule of the whole span.
  const resumeAt = context.resumeAt ?? 0;
  let nextSweep = Math.max(1, Math.ceil(resumeAt / context.sweepEveryMs)) * context.sweepEveryMs;
  const countedFrom = app.counter.count;
  const phase = context.progress?.phase(`${pass.name} pass`, schedule.length, 'events');
  const predicting = pass.cacheEnabled && app.warming.enabled('predictive');
  const precision = new PredictionPrecision((key) => key.startsWith('context:'));
  let nextPrediction = Math.ceil(resumeAt / context.predictEveryMs) * context.predictEveryMs;
  for (const event of schedule) {
    phase?.tick();
    // The warmer's predictive job, at the start of each window, into the same tiers the reads use.
    while (predicting && event.at >= nextPrediction) {
      clock.set(context.startsAt + nextPrediction);
      await app.scheduled.run('predictive');
      await app.warming.idle();
      precision.boundary(app.predictive.lastPrediction()?.predictions.map(({ key }) => key) ?? []);
      nextPrediction += context.predictEveryMs;
    }
    // The persistent tiers are swept on a schedule in production (the warmer's tier-sweep job).
    while (event.at >= nextSweep) {
      clock.set(context.startsAt + nextSweep);
      await app.cache.sweepExpired();
      nextSweep += context.sweepEveryMs;
    }
    clock.set(context.startsAt + event.at);
    const queriesBefore = app.counter.count;
    if (event.kind === 'write') {
      const acknowledged = await context.writes.write(event.type, event.id, event.at);
      ledger.acknowledge(acknowledged.key, acknowledged.version);
      result.writes += 1;
      result.queries.writes += app.counter.count - queriesBefore;
      await settle(app);
      continue;
    }
    // Events are recorded as the api's event routes do; their inserts cost the same with the
    // cache off, so they count with the writes, not against the read path.
    if (event.kind === 'login') {
      await app.events.login(event.userId);
    } else if (event.read === 'checkout') {
      await app.events.checkout(event.id, event.userId);
    }
    result.queries.writes += app.counter.count - queriesBefore;
    const readsBefore = app.counter.count;
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    const served =
      event.kind === 'login'
        ? [await entity(app.cached, 'user', event.userId, event.userId)]
        : await performRead(app.cached, event.read, event.id, event.userId);
    timings[timed] = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    cpuTimes[timed++] = (cpu.user + cpu.system) / 1000;
    result.queries.reads += app.counter.count - readsBefore;
    result.requests += 1;
    for (const read of served) {
      record(result, read, ledger, misses);
      precision.read(read.key);
      missCosts.record(read.label, read.source, read.loadCost);
      if (pass.cacheEnabled && (read.source === 'miss' || read.source === 'stale')) {
        bands.loaded(read.key, read.label, app.placement.report(placementRequest(read.key)));
      }
    }
    // Warming runs in the background; within the event's simulated instant here, so that what it
    // loads is there for the next event as it would be in a real second. So do the fills the
    // cache wrote behind its answer: requests seconds apart in simulated time would otherwise run
    // back to back and each would pay for the last one's background writes.
    await settle(app);
  }
  await settle(app);
  phase?.end();
  result.queries.total = app.counter.count - countedFrom;
  result.queries.warming = result.queries.total - result.queries.reads - result.queries.writes;
  result.latency = summariseLatency(timings.subarray(0, timed), cpuTimes.subarray(0, timed));
  return {
    ...result,
    missCauses: misses.causes,
    bands: bands.distribution(),
    missCosts: missCosts.figures(),
    stats: await app.cache.stats(),
    warming: app.warming.stats(),
    ...(predicting ? { precision: precision.figures } : {}),
  };
}

/** Lets the background work land: warming's loads, and the cache's fills, promotions and demotions. */
async function settle(app: WorkloadApplication): Promise<void> {
  await app.warming.idle();
  if (app.cache instanceof TieredCache) {
    await app.cache.idle();
  }
}

function record(
  result: Tally,
  read: LabelledRead,
  ledger: VersionLedger,
  misses: MissCauseTally,
): void {
  result.reads += 1;
  const bySource = (result.sources[read.label] ??= {});
  bySource[read.source] = (bySource[read.source] ?? 0) + 1;
  const served = servedVersions(read);
  misses.record(read.key, served.map(([, version]) => version).join('.'), read.source);
  const stale = staleParts(read, ledger, served);
  if (stale.length > 0) {
    result.staleReads += 1;
    result.staleExamples.push(...stale.slice(0, MAX_STALE_EXAMPLES - result.staleExamples.length));
  }
}

/** The entry a read key is cached as: resolved contexts and the global context are `context` entries. */
function placementRequest(key: string): { key: string; type: string } {
  const colon = key.indexOf(':');
  return { key, type: colon < 0 ? 'context' : key.slice(0, colon) };
}

type Tally = Omit<PassResult, 'stats' | 'missCauses' | 'warming' | 'bands' | 'missCosts'>;

function emptyResult(cacheEnabled: boolean): Tally {
  return {
    cacheEnabled,
    requests: 0,
    reads: 0,
    writes: 0,
    queries: { reads: 0, writes: 0, warming: 0, total: 0 },
    latency: { meanMs: 0, p99Ms: 0, cpuMeanMs: 0, cpuP99Ms: 0 },
    sources: {},
    staleReads: 0,
    staleExamples: [],
  };
}
