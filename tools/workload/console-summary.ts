import { TIER_NAMES } from '@strata/tiers';
import { bandTriple } from './band-distribution';
import { coldRestartLines } from './cold-restart-summary';
import { perMiss } from './miss-costs';
import { bytes, count, met, milliseconds, rate } from './figure-format';
import { DESIGN_TARGETS, OUR_TARGETS } from './kpi-targets';
import type { WorkloadReport } from './run-workload';
import { overallHitRate, queryReduction } from './workload-figures';

/** The human-readable part of stdout; the JSON headline follows it as the last line. */
export function printWorkloadSummary(report: WorkloadReport): void {
  const { headline, targets, schedule, cached, uncached } = report;
  const out = (line: string) => console.log(line);
  out(
    `workload: ${count(schedule.logins)} logins, ${count(schedule.readRequests)} read requests, ` +
      `${count(schedule.writes)} writes over ${report.options.hours} simulated hours (seed ${report.options.seed})`,
  );
  out(
    `hit rate ${rate(headline.hitRate)}   DESIGN ≥ ${DESIGN_TARGETS.hitRate} ${met(targets.design.hitRate)}   ours ≥ ${OUR_TARGETS.hitRate} ${met(targets.ours.hitRate)}`,
  );
  out(
    `query reduction ${rate(headline.queryReduction)} (${count(cached.queries.total)} vs ${count(uncached.queries.total)} statements; ` +
      `reads only ${rate(headline.readQueryReduction)})   DESIGN ≥ ${DESIGN_TARGETS.queryReduction} ${met(targets.design.queryReduction)}   ` +
      `ours ≥ ${OUR_TARGETS.queryReduction} ${met(targets.ours.queryReduction)}`,
  );
  out(
    `resolution: cached ${milliseconds(headline.avgMsCached)} avg / ${milliseconds(headline.p99MsCached)} p99; ` +
      `uncached ${milliseconds(headline.avgMsUncached)} avg / ${milliseconds(headline.p99MsUncached)} p99` +
      `; CPU cached ${milliseconds(headline.cpuMsCached)} avg / ${milliseconds(headline.cpuP99MsCached)} p99, ` +
      `uncached ${milliseconds(headline.cpuMsUncached)} avg / ${milliseconds(headline.cpuP99MsUncached)} p99`,
  );
  out(
    `without warming: hit rate ${rate(overallHitRate(report.unwarmed))}, query reduction ` +
      `${rate(queryReduction(report.unwarmed.queries.total, uncached.queries.total))}; ` +
      `warming ran ${count(cached.queries.warming)} of the ${count(cached.queries.total)} statements, ` +
      `success ${rate(headline.warmingSuccess)}`,
  );
  for (const [strategy, figures] of Object.entries(cached.warming.strategies)) {
    out(
      `  ${strategy}: proposed ${count(figures.proposed)}, warmed ${count(figures.warmed)} ` +
        `(${count(figures.present)} already cached, ${count(figures.overtaken)} overtaken, ${count(figures.failed)} failed), ` +
        `succeeded ${count(figures.succeeded)}, wasted ${count(figures.wasted)}, pending ${count(figures.pending)}`,
    );
  }
  if (cached.precision !== undefined) {
    const { windows, predictive, baseline } = cached.precision;
    out(
      `prediction precision over ${count(windows)} windows: predictive ${rate(predictive.precision)} ` +
        `(${count(predictive.read)} of ${count(predictive.chosen)} keys read), baseline (last window's most read) ` +
        `${rate(baseline.precision)} (${count(baseline.read)} of ${count(baseline.chosen)})`,
    );
  }
  if (report.options.coldRestart) {
    coldRestartLines(report.coldRestart).forEach(out);
  }
  const causes = cached.missCauses;
  out(
    `loader answers: ${count(causes.firstRead)} first reads, ${count(causes.changed)} after a write, ` +
      `${count(causes.expiredOrEvicted)} expired or evicted`,
  );
  out(
    `source statements per miss: ${Object.entries(cached.missCosts)
      .map(([label, cost]) => `${label} ${perMiss(cost)}`)
      .join(', ')}`,
  );
  out('keys by the band of their latest load (high / medium / low), entity written / not written:');
  for (const [label, bands] of Object.entries(cached.bands)) {
    out(
      `  ${label}: written ${bandTriple(bands.written)}; not written ${bandTriple(bands.unwritten)}`,
    );
  }
  for (const tier of TIER_NAMES) {
    const figures = report.tiers[tier];
    out(
      `  ${tier}: hit rate ${rate(figures.hitRate)} over ${count(figures.hits + figures.misses)} lookups, ` +
        `${count(figures.entries)} entries, ${bytes(figures.bytes)} held`,
    );
  }
  for (const [type, figures] of Object.entries(report.types)) {
    out(
      `  type ${type}: hit rate ${rate(figures.hitRate)} over ${count(figures.requests)} requests`,
    );
  }
  if (headline.staleReads === 0) {
    out('stale reads: 0');
    return;
  }
  // Loud on purpose: a stale read means the cache served what a completed write invalidated.
  console.error(`\n!!! ${headline.staleReads} STALE READS — the cache served invalidated data !!!`);
  for (const stale of report.staleExamples) {
    console.error(
      `  ${stale.key}: ${stale.entity} v${stale.servedVersion} served, v${stale.expectedVersion} acknowledged (x-cache ${stale.source})`,
    );
  }
}
