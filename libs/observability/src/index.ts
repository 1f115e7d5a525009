export { ObservabilityModule } from './lib/observability.module';
export type { ObservabilityModuleOptions } from './lib/observability.module-definition';
export {
  ALERT_RULE_NAMES,
  DEFAULT_OBSERVABILITY_CONFIG,
  SEVERITIES,
  observabilityConfigFromEnv,
} from './lib/config/observability-config';
export type {
  AlertRuleConfig,
  AlertRuleName,
  ObservabilityConfig,
  Severity,
} from './lib/config/observability-config';
export { KpiService } from './lib/kpis/kpi.service';
export { KPI_NAMES, KPI_TARGETS } from './lib/kpis/kpi-targets';
export type { KpiName, KpiTarget } from './lib/kpis/kpi-targets';
export type { Kpi, KpiMeasure, KpiReport } from './lib/kpis/kpi-report-types';
export type { KpiHistoryPoint } from './lib/kpis/kpi-history';
export { AlertService } from './lib/alerts/alert.service';
export type { AlertList } from './lib/alerts/alert.service';
export type { Alert, AlertState } from './lib/alerts/alert-book';
export { CacheMetricsModule } from './lib/metrics/cache-metrics.module';
