import type { KpiName, KpiTarget } from './kpi-targets';

/** A KPI's value over one span (the window, or since start), and what it is the ratio of. */
export interface KpiMeasure {
  /** Null while the denominator is zero: nothing happened to measure. */
  value: number | null;
  met: boolean | null;
  numerator: number;
  denominator: number;
}

export interface Kpi extends KpiTarget, KpiMeasure {
  name: KpiName;
  windowSeconds: number;
  sinceStart: KpiMeasure;
}

export interface KpiReport {
  windowSeconds: number;
  measuredAt: string;
  kpis: Kpi[];
  /** Hits whose entries carried no measured load cost: their savings are not in queryReduction. */
  hitsUnmeasured: { window: number; sinceStart: number };
}
