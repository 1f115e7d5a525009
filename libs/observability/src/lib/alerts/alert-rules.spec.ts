import type { CacheStats } from '@strata/tiers';
import { DEFAULT_OBSERVABILITY_CONFIG } from '../config/observability-config';
import type { Kpi, KpiReport } from '../kpis/kpi-report-types';
import { observeAlertRules } from './alert-rules';

function report(values: Partial<Record<Kpi['name'], number | null>>): KpiReport {
  return {
    windowSeconds: 300,
    measuredAt: new Date(0).toISOString(),
    hitsUnmeasured: { window: 0, sinceStart: 0 },
    kpis: Object.entries(values).map(([name, value]) => ({ name, value }) as Kpi),
  };
}

function stats(hot: { bytes: number; budgetBytes: number }): CacheStats {
  const tier = { entries: 1, evictions: 0, hits: 0, misses: 0, promotions: 0, demotions: 0 };
  return {
    types: {
      task: {
        tiers: {
          hot: { ...tier, ...hot },
          warm: { ...tier, bytes: 0, budgetBytes: 0 },
          cold: { ...tier, bytes: 10, budgetBytes: 100 },
        },
      },
    },
  } as unknown as CacheStats;
}

describe('observeAlertRules', () => {
  const rules = DEFAULT_OBSERVABILITY_CONFIG.alerts;

  it('breaches each DESIGN §7 rule past its threshold and not short of it', () => {
    const bad = observeAlertRules(
      {
        kpis: report({ hitRate: 0.7, averageResponseMs: 101, warmingSuccess: 0.85 }),
        stats: stats({ bytes: 91, budgetBytes: 100 }),
      },
      rules,
    );
    const good = observeAlertRules(
      {
        kpis: report({ hitRate: 0.75, averageResponseMs: 100, warmingSuccess: 0.9 }),
        stats: stats({ bytes: 90, budgetBytes: 100 }),
      },
      rules,
    );
    const breached = (observed: typeof bad) =>
      observed.map(({ rule, labels, breached }) => [rule, labels['tier'] ?? '', breached]);
    expect(breached(bad)).toEqual([
      ['hitRateLow', '', true],
      ['responseTimeHigh', '', true],
      ['tierBudgetHigh', 'hot', true],
      ['tierBudgetHigh', 'cold', false],
      ['warmingFailureHigh', '', true],
    ]);
    expect(breached(good).every(([, , isBreached]) => isBreached === false)).toBe(true);
    expect(bad.find(({ rule }) => rule === 'warmingFailureHigh')?.value).toBeCloseTo(0.15, 9);
  });

  it('observes nothing for a KPI with nothing measured, so that an idle process raises no alert', () => {
    const observed = observeAlertRules(
      {
        kpis: report({ hitRate: null, averageResponseMs: null, warmingSuccess: null }),
        stats: stats({ bytes: 0, budgetBytes: 100 }),
      },
      rules,
    );
    expect(observed.map(({ rule }) => rule)).toEqual(['tierBudgetHigh', 'tierBudgetHigh']);
  });
});
