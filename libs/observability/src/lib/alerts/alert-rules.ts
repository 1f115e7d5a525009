import type { CacheStats } from '@strata/tiers';
import type { AlertRuleName, ObservabilityConfig } from '../config/observability-config';
import type { KpiReport } from '../kpis/kpi-report-types';
import type { KpiName } from '../kpis/kpi-targets';

/** One thing a rule watches (the rule itself, or one tier and type of it) as evaluated now. */
export interface AlertObservation {
  rule: AlertRuleName;
  /** Bounded labels naming the instance: a tier and a type at most, never a key. */
  labels: Readonly<Record<string, string>>;
  value: number;
  threshold: number;
  breached: boolean;
  summary: string;
}

/** What the rules are evaluated on: the KPI windows and the tiers' occupancy. */
export interface AlertInputs {
  kpis: KpiReport;
  stats: CacheStats;
}

type Rule = (
  inputs: AlertInputs,
  threshold: number,
) => Array<Omit<AlertObservation, 'rule' | 'threshold'>>;

const windowValue = (report: KpiReport, name: KpiName) =>
  report.kpis.find((kpi) => kpi.name === name)?.value ?? null;

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/** DESIGN §7's four rules over the KPI windows; a KPI with nothing to measure breaches nothing. */
const RULES: Readonly<Record<AlertRuleName, Rule>> = {
  hitRateLow: ({ kpis }, threshold) => {
    const value = windowValue(kpis, 'hitRate');
    return value === null
      ? []
      : [
          {
            labels: {},
            value,
            breached: value < threshold,
            summary: `hit rate ${percent(value)} over ${kpis.windowSeconds} s (alert below ${percent(threshold)})`,
          },
        ];
  },
  responseTimeHigh: ({ kpis }, threshold) => {
    const value = windowValue(kpis, 'averageResponseMs');
    return value === null
      ? []
      : [
          {
            labels: {},
            value,
            breached: value > threshold,
            summary: `average response ${value.toFixed(1)} ms over ${kpis.windowSeconds} s (alert above ${threshold} ms)`,
          },
        ];
  },
  tierBudgetHigh: ({ stats }, threshold) =>
    Object.entries(stats.types).flatMap(([type, typeStats]) =>
      Object.entries(typeStats.tiers)
        .filter(([, tier]) => tier.budgetBytes > 0)
        .map(([tier, { bytes, budgetBytes }]) => {
          const value = bytes / budgetBytes;
          return {
            labels: { tier, type },
            value,
            breached: value > threshold,
            summary: `${tier} tier holds ${percent(value)} of its ${type} budget (alert above ${percent(threshold)})`,
          };
        }),
    ),
  warmingFailureHigh: ({ kpis }, threshold) => {
    const success = windowValue(kpis, 'warmingSuccess');
    if (success === null) {
      return [];
    }
    const value = 1 - success;
    return [
      {
        labels: {},
        value,
        breached: value > threshold,
        summary: `${percent(value)} of warmed entries left unread over ${kpis.windowSeconds} s (alert above ${percent(threshold)})`,
      },
    ];
  },
};

/** Every instance of every rule, evaluated on `inputs` with the configured thresholds. */
export function observeAlertRules(
  inputs: AlertInputs,
  alerts: ObservabilityConfig['alerts'],
): AlertObservation[] {
  return (Object.keys(RULES) as AlertRuleName[]).flatMap((rule) => {
    const { threshold } = alerts[rule];
    return RULES[rule](inputs, threshold).map((observation) => ({
      rule,
      threshold,
      ...observation,
    }));
  });
}
