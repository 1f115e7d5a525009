import { FakeClock, TIER_NAMES } from '@strata/tiers';
import { DEFAULT_WARMING_SETTINGS, type StartupRun, type WarmingOverrides } from '@strata/warming';
import { performance } from 'node:perf_hooks';
import type { DemoDataset } from '../seed/demo-dataset';
import { entityCount, seedDatabase } from '../seed/seed-database';
import type { SimulatedEvent } from './simulated-event';
import { SimulatedWrites } from './simulated-writes';
import { VersionLedger, type StaleRead } from './stale-read-checker';
import { openWorkloadApplication, type WorkloadApplication } from './workload-application';
import { openWorkloadDatabases } from './workload-databases';
import type { WorkloadOptions } from './workload-options';
import { runPass, type PassContext, type PassResult } from './workload-pass';
import { GLOBAL_ID } from '@strata/contexts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Mid-morning, between two of the warmer's 15-minute runs: 10:10 of the simulated day. */
const RESTART_TIME_OF_DAY_MS = 10 * HOUR_MS + 10 * MINUTE_MS;
/** History the restart needs behind it at least, when the span is one day only. */
const MIN_HISTORY_MS = HOUR_MS;
const MEASURED_MS = 10 * MINUTE_MS;

/** Reads in a window after the restart and where they were answered. */
export interface RestartWindow {
  reads: number;
  /** Answered by a tier (x-cache hot, warm or cold). */
  hits: number;
  /** Answered by the hot tier. */
  hot: number;
  hitRate: number;
  hotShare: number;
  /** CPU time per request (process user + system), averaged over the window's requests, in ms. */
  cpuMsPerRequest: number;
}

/** One way of restarting: with start-up warming, or without. */
export interface RestartVariant {
  firstMinute: RestartWindow;
  firstTenMinutes: RestartWindow;
  /** What start-up warming did (state `off` without it). */
  startup: StartupRun;
  /** Source statements the restarted process ran from its start until ready (its own start-up). */
  statementsUntilReady: number;
  /** Real milliseconds from opening the application until start-up warming let it be ready. */
  readyMs: number;
  staleReads: number;
  staleExamples: StaleRead[];
}

/** The cold restart: the api process's cache restarted at `at`, the warm tier kept, measured both ways. */
export interface ColdRestartFigures {
  /** Milliseconds into the span. */
  at: number;
  /** The simulated day (1-based) and time of day of the restart, for the report. */
  day: number;
  timeOfDay: string;
  withStartup: RestartVariant;
  withoutStartup: RestartVariant;
}

/** What the passes share with run-workload. */
export interface RestartSetup {
  /** Simulated time of the span's start. */
  startsAt: number;
  predictEveryMs: number;
}

/**
 * When the restart falls, in milliseconds into the span: 10:10 of the second simulated day when
 * the span reaches it, else 10:10 of the first when that leaves an hour of history behind it
 * and ten minutes after it; else undefined (no restart is measured).
 */
export function restartPoint(
  options: Pick<WorkloadOptions, 'startHour' | 'hours'>,
): number | undefined {
  const spanMs = options.hours * HOUR_MS;
  const startMs = options.startHour * HOUR_MS;
  for (const day of [1, 0]) {
    const at = day * 24 * HOUR_MS + RESTART_TIME_OF_DAY_MS - startMs;
    if (at >= MIN_HISTORY_MS && at + MEASURED_MS <= spanMs) {
      return at;
    }
  }
  return undefined;
}

/**
 * Plays the schedule up to the restart and ten minutes past it twice, each on fresh databases:
 * at the restart the application is closed (the volatility history flushed, as on SIGTERM) and
 * opened again over the same databases, so that the hot tier is empty and the warm and cold tiers
 * are kept; its reads wait until start-up warming lets it be ready, as a load balancer waits for
 * /health/ready. Once with the measured warming strategies and start-up warming, once with the
 * same strategies but start-up warming.
 */
export async function runColdRestarts(
  options: WorkloadOptions,
  dataset: DemoDataset,
  schedule: readonly SimulatedEvent[],
  setup: RestartSetup,
): Promise<ColdRestartFigures | undefined> {
  const at = restartPoint(options);
  if (at === undefined) {
    return undefined;
  }
  const strategies = (options.warming.strategies ?? DEFAULT_WARMING_SETTINGS.strategies).filter(
    (name) => name !== 'startup',
  );
  const variant = (name: string, warming: WarmingOverrides) =>
    restartedPass(options, dataset, schedule, setup, at, name, warming);
  const withStartup = await variant('restart with start-up warming', {
    ...options.warming,
    strategies: [...strategies, 'startup'],
  });
  const withoutStartup = await variant('restart without start-up warming', {
    ...options.warming,
    strategies,
  });
  const instant = new Date(setup.startsAt + at);
  return {
    at,
    day: Math.floor((options.startHour * HOUR_MS + at) / (24 * HOUR_MS)) + 1,
    timeOfDay: instant.toISOString().slice(11, 16),
    withStartup,
    withoutStartup,
  };
}

async function restartedPass(
  options: WorkloadOptions,
  dataset: DemoDataset,
  schedule: readonly SimulatedEvent[],
  setup: RestartSetup,
  at: number,
  name: string,
  warming: WarmingOverrides,
): Promise<RestartVariant> {
  const clock = new FakeClock(setup.startsAt);
  const databases = await openWorkloadDatabases(options.database);
  const open = () =>
    openWorkloadApplication({
      databases,
      cacheEnabled: true,
      clock,
      cacheOptions: options.cacheOptions,
      warming,
    });
  let app: WorkloadApplication | undefined = await open();
  try {
    const seeding = options.progress?.phase(`${name}: seeding`, entityCount(dataset));
    await seedDatabase(app.store, dataset, seeding);
    seeding?.end();
    // The seed writes past the cache; the first start after it replays its invalidations, and a
    // restart later finds none left (else it would empty the warm tier it is meant to keep).
    await app.outbox.replayWrittenBefore(Date.now() + 1);
    const ledger = new VersionLedger();
    ledger.acknowledge(GLOBAL_ID, (await app.store.getGlobal()).version);
    const context = (running: WorkloadApplication, resumeAt: number): PassContext => ({
      app: running,
      clock,
      startsAt: setup.startsAt,
      ledger,
      writes: new SimulatedWrites(running.cached, dataset.global),
      sweepEveryMs: options.sweepEveryMinutes * MINUTE_MS,
      predictEveryMs: setup.predictEveryMs,
      resumeAt,
      progress: options.progress,
    });
    const between = (from: number, to: number) =>
      schedule.filter((event) => event.at >= from && event.at < to);
    const before = await runPass(context(app, 0), between(0, at), {
      name: `${name}: before`,
      cacheEnabled: true,
    });

    await app.close();
    app = undefined;
    clock.set(setup.startsAt + at);
    const opened = performance.now();
    app = await open();
    const startup = await app.startup.warmUp();
    const readyMs = performance.now() - opened;
    const statementsUntilReady = app.counter.count;

    const minute = await runPass(context(app, at), between(at, at + MINUTE_MS), {
      name: `${name}: first minute`,
      cacheEnabled: true,
    });
    const rest = await runPass(
      context(app, at + MINUTE_MS),
      between(at + MINUTE_MS, at + MEASURED_MS),
      { name: `${name}: minutes 2–10`, cacheEnabled: true },
    );
    const passes = [before, minute, rest];
    return {
      firstMinute: windowOf([minute]),
      firstTenMinutes: windowOf([minute, rest]),
      startup,
      statementsUntilReady,
      readyMs,
      staleReads: passes.reduce((sum, pass) => sum + pass.staleReads, 0),
      staleExamples: passes.flatMap((pass) => pass.staleExamples),
    };
  } finally {
    await app?.close();
    await databases.drop();
  }
}

function windowOf(passes: readonly PassResult[]): RestartWindow {
  let reads = 0;
  let hits = 0;
  let hot = 0;
  let requests = 0;
  let cpuMs = 0;
  for (const pass of passes) {
    requests += pass.requests;
    cpuMs += pass.latency.cpuMeanMs * pass.requests;
    for (const counts of Object.values(pass.sources)) {
      for (const [source, number] of Object.entries(counts ?? {})) {
        reads += number ?? 0;
        if ((TIER_NAMES as readonly string[]).includes(source)) {
          hits += number ?? 0;
        }
        if (source === 'hot') {
          hot += number ?? 0;
        }
      }
    }
  }
  return {
    reads,
    hits,
    hot,
    hitRate: reads === 0 ? 0 : hits / reads,
    hotShare: reads === 0 ? 0 : hot / reads,
    cpuMsPerRequest: requests === 0 ? 0 : cpuMs / requests,
  };
}
