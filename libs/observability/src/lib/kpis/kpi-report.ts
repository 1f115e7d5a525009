import type { WindowedTally } from '../windows/sliding-sum';
import type { KpiTallies } from './kpi-tallies';
import type { KpiMeasure, KpiReport } from './kpi-report-types';
import { KPI_NAMES, KPI_TARGETS, meets, type KpiName, type KpiTarget } from './kpi-targets';

type Span = (tally: WindowedTally) => number;

/** Each KPI's numerator and denominator from the tallies, over one span. */
const RATIOS: Readonly<Record<KpiName, (tallies: KpiTallies, span: Span) => [number, number]>> = {
  hitRate: (t, span) => [span(t.hits), span(t.reads)],
  averageResponseMs: (t, span) => [span(t.responseMs), span(t.reads)],
  queryReduction: (t, span) => {
    const saved = span(t.statementsSaved);
    return [saved, saved + span(t.statementsRun)];
  },
  memoryEfficiency: (t, span) => [span(t.departedReadBytes), span(t.departedBytes)],
  warmingSuccess: (t, span) => [span(t.warmedDepartedRead), span(t.warmedDeparted)],
};

const inWindow: Span = (tally) => tally.inWindow;
const sinceStart: Span = (tally) => tally.total;

export function kpiReport(tallies: KpiTallies, now: number): KpiReport {
  const windowSeconds = tallies.windowMs / 1000;
  return {
    windowSeconds,
    measuredAt: new Date(now).toISOString(),
    kpis: KPI_NAMES.map((name) => {
      const target = KPI_TARGETS[name];
      return {
        name,
        ...target,
        windowSeconds,
        ...measure(RATIOS[name](tallies, inWindow), target),
        sinceStart: measure(RATIOS[name](tallies, sinceStart), target),
      };
    }),
    hitsUnmeasured: {
      window: tallies.hitsUnmeasured.inWindow,
      sinceStart: tallies.hitsUnmeasured.total,
    },
  };
}

function measure([numerator, denominator]: [number, number], target: KpiTarget): KpiMeasure {
  const value = denominator === 0 ? null : numerator / denominator;
  return { value, met: meets(value, target), numerator, denominator };
}
