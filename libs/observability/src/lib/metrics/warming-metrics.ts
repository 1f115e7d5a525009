import type { Registry } from 'prom-client';
import type { ScheduledTotals, StrategyFigures, WarmingStats } from '@strata/warming';
import { collectedMetric, oncePerScrape } from './collected-metric';
import { registerStartupWarmingMetrics } from './startup-warming-metrics';

/** What the warming metrics read: WarmingService's ledger and ScheduledWarming's totals. */
export interface WarmingFigures {
  stats(): WarmingStats;
  scheduled(): Record<string, ScheduledTotals>;
}

/** The ledger's counters, each exported under its own name with a `strategy` label. */
const PER_STRATEGY: Record<Exclude<keyof StrategyFigures, 'pending'>, [string, string]> = {
  proposed: [
    'strata_warming_proposed_total',
    'Keys a warming strategy proposed (a key proposed again while queued counts again)',
  ],
  dropped: ['strata_warming_dropped_total', 'Proposals the full warming queue turned away'],
  present: [
    'strata_warming_skipped_total',
    'Proposals whose key some tier already held fresh, or was loading: nothing loaded',
  ],
  warmed: ['strata_warming_warmed_total', 'Warming loads that stored an entry'],
  overtaken: [
    'strata_warming_overtaken_total',
    'Warming loads an invalidation overtook: nothing stored',
  ],
  failed: ['strata_warming_failed_total', 'Warming loads (or proposals) that failed'],
  statements: [
    'strata_warming_statements_total',
    "Source statements warming's loads ran in this process",
  ],
  succeeded: [
    'strata_warming_succeeded_total',
    'Warmed entries read before they expired or left the hot tier',
  ],
  wasted: [
    'strata_warming_wasted_total',
    'Warmed entries that expired or left the hot tier unread',
  ],
};

/** The scheduled runs' totals, by the strategy (one per warmer job) that ran them. */
const SCHEDULED: Record<keyof ScheduledTotals, [string, string]> = {
  runs: ['strata_warming_scheduled_runs_total', 'Scheduled warming runs'],
  warmed: ['strata_warming_scheduled_entries_total', 'Entries scheduled warming runs stored'],
  statements: [
    'strata_warming_scheduled_statements_total',
    'Source statements scheduled warming runs made (their questions and their loads)',
  ],
};

/**
 * Warming on /metrics, read at scrape time from the same figures `/v1/cache/stats` and
 * `/v1/cache/warming` answer with, so they always agree. The label is the strategy (a fixed set
 * of names), never a key. Scheduled runs are labelled `strategy` too, not `job`, which
 * Prometheus reserves for the scrape job.
 */
export function registerWarmingMetrics(registry: Registry, figures: WarmingFigures): void {
  const stats = oncePerScrape(() => figures.stats());
  const gauge = (name: string, help: string, read: (stats: WarmingStats) => number) =>
    collectedMetric(registry, 'gauge', {
      name,
      help,
      read: async () => [[{}, read(await stats())]],
    });
  for (const [field, [name, help]] of Object.entries(PER_STRATEGY)) {
    const figure = field as keyof typeof PER_STRATEGY;
    collectedMetric(registry, 'counter', {
      name,
      help,
      labelNames: ['strategy'],
      read: async () =>
        Object.entries((await stats()).strategies).map(([strategy, each]) => [
          { strategy },
          each[figure],
        ]),
    });
  }
  collectedMetric(registry, 'gauge', {
    name: 'strata_warming_pending_entries',
    help: 'Warmed entries neither read nor expired yet, by strategy',
    labelNames: ['strategy'],
    read: async () =>
      Object.entries((await stats()).strategies).map(([strategy, { pending }]) => [
        { strategy },
        pending,
      ]),
  });
  gauge('strata_warming_queue_depth', 'Warming proposals waiting to run', (s) => s.queued);
  gauge(
    'strata_warming_queue_capacity',
    'Warming proposals the queue holds at most',
    (s) => s.queueCapacity,
  );
  gauge('strata_warming_loads_in_flight', 'Warming loads under way', (s) => s.running);
  registerStartupWarmingMetrics(registry, stats);
  for (const [field, [name, help]] of Object.entries(SCHEDULED)) {
    const total = field as keyof ScheduledTotals;
    collectedMetric(registry, 'counter', {
      name,
      help,
      labelNames: ['strategy'],
      read: () =>
        Object.entries(figures.scheduled()).map(([strategy, totals]) => [
          { strategy },
          totals[total],
        ]),
    });
  }
}
