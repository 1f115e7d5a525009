import type { KpiReport } from './kpi-report-types';
import type { KpiName } from './kpi-targets';

/** One sample of every KPI's window value. */
export interface KpiHistoryPoint {
  at: string;
  values: Record<KpiName, number | null>;
}

/** The KPIs' window values sampled at a fixed interval over the last hour, in a bounded ring. */
export class KpiHistory {
  private readonly points: KpiHistoryPoint[] = [];
  private readonly capacity: number;

  constructor(
    readonly sampleSeconds: number,
    spanSeconds = 3600,
  ) {
    this.capacity = Math.ceil(spanSeconds / sampleSeconds);
  }

  record(report: KpiReport): void {
    const values = Object.fromEntries(report.kpis.map((kpi) => [kpi.name, kpi.value]));
    this.points.push({ at: report.measuredAt, values: values as KpiHistoryPoint['values'] });
    if (this.points.length > this.capacity) {
      this.points.shift();
    }
  }

  list(): KpiHistoryPoint[] {
    return [...this.points];
  }
}
