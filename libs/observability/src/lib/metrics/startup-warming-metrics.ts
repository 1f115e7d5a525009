import type { Registry } from 'prom-client';
import type { StartupRun, WarmingStats } from '@strata/warming';
import { collectedMetric } from './collected-metric';

/**
 * Start-up warming on /metrics, from the same run `/v1/cache/warming` reports: what it copied
 * into the hot tier, what it skipped by reason, how long it took, and whether it still holds
 * readiness back. No series in a process that does not run it.
 */
export function registerStartupWarmingMetrics(
  registry: Registry,
  stats: () => Promise<WarmingStats>,
): void {
  const startupGauge = (name: string, help: string, read: (run: StartupRun) => number) =>
    collectedMetric(registry, 'gauge', {
      name,
      help,
      read: async () => {
        const run = (await stats()).startup;
        return run === undefined || run.state === 'off' ? [] : [[{}, read(run)]];
      },
    });
  startupGauge(
    'strata_warming_startup_entries',
    'Entries start-up warming copied from the warm tier into the hot tier',
    (run) => run.loaded,
  );
  startupGauge(
    'strata_warming_startup_bytes',
    'Bytes of the entries start-up warming copied into the hot tier',
    (run) => run.bytes,
  );
  startupGauge(
    'strata_warming_startup_seconds',
    'How long start-up warming took (0 while it runs)',
    (run) => (run.ms ?? 0) / 1000,
  );
  startupGauge(
    'strata_warming_startup_pending',
    '1 while start-up warming holds readiness back, 0 once it finished or hit its time limit',
    (run) => (run.state === 'waiting' || run.state === 'running' ? 1 : 0),
  );
  collectedMetric(registry, 'gauge', {
    name: 'strata_warming_startup_skipped',
    help: 'Keys of the predicted hot set start-up warming did not copy, by why',
    labelNames: ['reason'],
    read: async () => {
      const run = (await stats()).startup;
      return run === undefined || run.state === 'off'
        ? []
        : Object.entries(run.skipped).map(([reason, count]) => [{ reason }, count] as const);
    },
  });
}
