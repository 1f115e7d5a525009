import type { StrategyFigures } from '@strata/warming';
import { Registry } from 'prom-client';
import { registerWarmingMetrics, type WarmingFigures } from './warming-metrics';

const figures = (overrides: Partial<StrategyFigures>): StrategyFigures => ({
  proposed: 0,
  dropped: 0,
  present: 0,
  warmed: 0,
  overtaken: 0,
  failed: 0,
  statements: 0,
  succeeded: 0,
  wasted: 0,
  pending: 0,
  ...overrides,
});

describe('registerWarmingMetrics', () => {
  it("exports the ledger's figures by strategy, the queue, and the scheduled runs' totals as they are at scrape time", async () => {
    const registry = new Registry();
    const stats = jest.fn<ReturnType<WarmingFigures['stats']>, []>(() => ({
      strategies: {
        login: figures({ proposed: 9, dropped: 1, present: 2, warmed: 5, statements: 20 }),
        'daily-contexts': figures({ warmed: 3, succeeded: 2, wasted: 1, overtaken: 1, failed: 4 }),
      },
      queued: 7,
      queueCapacity: 2000,
      running: 2,
      startup: {
        state: 'done',
        predicted: 40,
        loaded: 30,
        bytes: 9000,
        ms: 250,
        skipped: {
          present: 0,
          absent: 6,
          expired: 4,
          outdated: 0,
          refused: 0,
          'over-budget': 0,
          unavailable: 0,
          disabled: 0,
        },
      },
    }));
    let runs = 1;
    registerWarmingMetrics(registry, {
      stats,
      scheduled: () => ({ 'daily-contexts': { runs, warmed: 3, statements: 12 } }),
    });

    const text = await registry.metrics();
    for (const line of [
      'strata_warming_proposed_total{strategy="login"} 9',
      'strata_warming_dropped_total{strategy="login"} 1',
      'strata_warming_skipped_total{strategy="login"} 2',
      'strata_warming_warmed_total{strategy="login"} 5',
      'strata_warming_statements_total{strategy="login"} 20',
      'strata_warming_warmed_total{strategy="daily-contexts"} 3',
      'strata_warming_succeeded_total{strategy="daily-contexts"} 2',
      'strata_warming_wasted_total{strategy="daily-contexts"} 1',
      'strata_warming_overtaken_total{strategy="daily-contexts"} 1',
      'strata_warming_failed_total{strategy="daily-contexts"} 4',
      'strata_warming_pending_entries{strategy="login"} 0',
      'strata_warming_queue_depth 7',
      'strata_warming_queue_capacity 2000',
      'strata_warming_loads_in_flight 2',
      'strata_warming_startup_entries 30',
      'strata_warming_startup_bytes 9000',
      'strata_warming_startup_seconds 0.25',
      'strata_warming_startup_pending 0',
      'strata_warming_startup_skipped{reason="expired"} 4',
      'strata_warming_scheduled_runs_total{strategy="daily-contexts"} 1',
      'strata_warming_scheduled_entries_total{strategy="daily-contexts"} 3',
      'strata_warming_scheduled_statements_total{strategy="daily-contexts"} 12',
    ]) {
      expect(text).toContain(line);
    }
    // Every collect of one scrape shares one read of the ledger.
    expect(stats).toHaveBeenCalledTimes(1);
    for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      expect(name).toMatch(/^strata_warming_/);
      expect(name.endsWith('_total')).toBe(type === 'counter');
    }

    runs = 2;
    expect(await registry.metrics()).toContain(
      'strata_warming_scheduled_runs_total{strategy="daily-contexts"} 2',
    );
    expect(stats).toHaveBeenCalledTimes(2);
  });
});
