import { DEFAULT_OBSERVABILITY_CONFIG, observabilityConfigFromEnv } from './observability-config';

describe('observabilityConfigFromEnv', () => {
  it('defaults to DESIGN §7: a 5-minute window and the four rules', () => {
    expect(observabilityConfigFromEnv({})).toEqual({
      config: DEFAULT_OBSERVABILITY_CONFIG,
      problems: [],
    });
    expect(DEFAULT_OBSERVABILITY_CONFIG.kpiWindowSeconds).toBe(300);
  });

  it('reads the window, thresholds and severities', () => {
    const { config, problems } = observabilityConfigFromEnv({
      STRATA_KPI_WINDOW_SECONDS: '60',
      STRATA_ALERT_HIT_RATE_BELOW_PERCENT: '50',
      STRATA_ALERT_RESPONSE_ABOVE_MS: '250',
      STRATA_ALERT_TIER_BUDGET_SEVERITY: 'critical',
    });
    expect(problems).toEqual([]);
    expect(config.kpiWindowSeconds).toBe(60);
    expect(config.alerts.hitRateLow).toEqual({ threshold: 0.5, severity: 'warning' });
    expect(config.alerts.responseTimeHigh.threshold).toBe(250);
    expect(config.alerts.tierBudgetHigh).toEqual({ threshold: 0.9, severity: 'critical' });
  });

  it('reports every bad variable at once, naming it', () => {
    const { problems } = observabilityConfigFromEnv({
      STRATA_KPI_WINDOW_SECONDS: '5',
      STRATA_ALERT_HIT_RATE_BELOW_PERCENT: '0.75',
      STRATA_ALERT_RESPONSE_SEVERITY: 'loud',
    });
    expect(problems).toEqual([
      'STRATA_KPI_WINDOW_SECONDS "5" must be a whole number from 10 to 86400',
      'STRATA_ALERT_HIT_RATE_BELOW_PERCENT "0.75" must be a whole number from 0 to 100',
      'STRATA_ALERT_RESPONSE_SEVERITY "loud" must be one of info, warning, critical',
    ]);
  });
});
