import { readIntegerVariables, type IntegerVariable } from '@strata/database';
import type { Environment, ParsedConfig } from '@strata/platform';

export const ALERT_RULE_NAMES = [
  'hitRateLow',
  'responseTimeHigh',
  'tierBudgetHigh',
  'warmingFailureHigh',
] as const;
export type AlertRuleName = (typeof ALERT_RULE_NAMES)[number];

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One alert rule's settings: the threshold it compares against, and how loud it is. */
export interface AlertRuleConfig {
  threshold: number;
  severity: Severity;
}

export interface ObservabilityConfig {
  /** The KPIs' sliding window. */
  kpiWindowSeconds: number;
  /** How often the alert rules are evaluated. */
  alertEvaluationSeconds: number;
  /** How long a rule's condition must hold before it fires (as Prometheus's `for`). */
  alertForSeconds: number;
  alerts: Record<AlertRuleName, AlertRuleConfig>;
}

/** DESIGN §7's rules; thresholds are a ratio, except responseTimeHigh's milliseconds. */
export const DEFAULT_OBSERVABILITY_CONFIG: ObservabilityConfig = {
  kpiWindowSeconds: 300,
  alertEvaluationSeconds: 15,
  alertForSeconds: 60,
  alerts: {
    hitRateLow: { threshold: 0.75, severity: 'warning' },
    responseTimeHigh: { threshold: 100, severity: 'critical' },
    tierBudgetHigh: { threshold: 0.9, severity: 'warning' },
    warmingFailureHigh: { threshold: 0.1, severity: 'warning' },
  },
};

interface Figures {
  kpiWindowSeconds: number;
  alertEvaluationSeconds: number;
  alertForSeconds: number;
  hitRateBelowPercent: number;
  responseAboveMs: number;
  budgetAbovePercent: number;
  warmingFailureAbovePercent: number;
}

const FIGURES: ReadonlyArray<IntegerVariable<Figures>> = [
  { field: 'kpiWindowSeconds', variable: 'STRATA_KPI_WINDOW_SECONDS', lowest: 10, highest: 86_400 },
  {
    field: 'alertEvaluationSeconds',
    variable: 'STRATA_ALERT_EVALUATION_SECONDS',
    lowest: 1,
    highest: 3_600,
  },
  { field: 'alertForSeconds', variable: 'STRATA_ALERT_FOR_SECONDS', lowest: 0, highest: 86_400 },
  {
    field: 'hitRateBelowPercent',
    variable: 'STRATA_ALERT_HIT_RATE_BELOW_PERCENT',
    lowest: 0,
    highest: 100,
  },
  {
    field: 'responseAboveMs',
    variable: 'STRATA_ALERT_RESPONSE_ABOVE_MS',
    lowest: 1,
    highest: 600_000,
  },
  {
    field: 'budgetAbovePercent',
    variable: 'STRATA_ALERT_TIER_BUDGET_ABOVE_PERCENT',
    lowest: 1,
    highest: 100,
  },
  {
    field: 'warmingFailureAbovePercent',
    variable: 'STRATA_ALERT_WARMING_FAILURE_ABOVE_PERCENT',
    lowest: 0,
    highest: 100,
  },
];

/** The severity variable of each rule. */
export const SEVERITY_VARIABLES: Readonly<Record<AlertRuleName, string>> = {
  hitRateLow: 'STRATA_ALERT_HIT_RATE_SEVERITY',
  responseTimeHigh: 'STRATA_ALERT_RESPONSE_SEVERITY',
  tierBudgetHigh: 'STRATA_ALERT_TIER_BUDGET_SEVERITY',
  warmingFailureHigh: 'STRATA_ALERT_WARMING_FAILURE_SEVERITY',
};

/** The KPI window and the alert rules from the environment; every problem reported, none thrown. */
export function observabilityConfigFromEnv(env: Environment): ParsedConfig<ObservabilityConfig> {
  const defaults = DEFAULT_OBSERVABILITY_CONFIG;
  const { config: figures, problems } = readIntegerVariables<Figures>(
    env,
    {
      kpiWindowSeconds: defaults.kpiWindowSeconds,
      alertEvaluationSeconds: defaults.alertEvaluationSeconds,
      alertForSeconds: defaults.alertForSeconds,
      hitRateBelowPercent: defaults.alerts.hitRateLow.threshold * 100,
      responseAboveMs: defaults.alerts.responseTimeHigh.threshold,
      budgetAbovePercent: defaults.alerts.tierBudgetHigh.threshold * 100,
      warmingFailureAbovePercent: defaults.alerts.warmingFailureHigh.threshold * 100,
    },
    FIGURES,
  );
  const severity = (rule: AlertRuleName): Severity => {
    const variable = SEVERITY_VARIABLES[rule];
    const text = env[variable];
    if (text === undefined) {
      return defaults.alerts[rule].severity;
    }
    if (!(SEVERITIES as readonly string[]).includes(text)) {
      problems.push(`${variable} "${text}" must be one of ${SEVERITIES.join(', ')}`);
      return defaults.alerts[rule].severity;
    }
    return text as Severity;
  };
  return {
    config: {
      kpiWindowSeconds: figures.kpiWindowSeconds,
      alertEvaluationSeconds: figures.alertEvaluationSeconds,
      alertForSeconds: figures.alertForSeconds,
      alerts: {
        hitRateLow: {
          threshold: figures.hitRateBelowPercent / 100,
          severity: severity('hitRateLow'),
        },
        responseTimeHigh: {
          threshold: figures.responseAboveMs,
          severity: severity('responseTimeHigh'),
        },
        tierBudgetHigh: {
          threshold: figures.budgetAbovePercent / 100,
          severity: severity('tierBudgetHigh'),
        },
        warmingFailureHigh: {
          threshold: figures.warmingFailureAbovePercent / 100,
          severity: severity('warmingFailureHigh'),
        },
      },
    },
    problems,
  };
}
