import { TIER_NAMES } from '@strata/tiers';
import { bandTriple } from './band-distribution';
import { coldRestartLines } from './cold-restart-summary';
import { perMiss } from './miss-costs';
import { bytes, count, met, milliseconds, rate } from './figure-format';
import { DESIGN_TARGETS, OUR_TARGETS } from './kpi-targets';
import type { WorkloadReport } from './run-workload';
import { overallHitRate, queryReduction } from './workload-figures';

/** The BENCHMARKS.md section: headline against targets, then per tier, per type, per read. */
export function workloadMarkdown(report: WorkloadReport): string {
  const { options, schedule, headline, targets, cached, uncached } = report;
  const { dataset } = options;
  const lines = [
    '## Workload simulator: a simulated day through the real modules',
    '',
    `Seed ${options.seed}; ${options.hours} simulated hours from ${options.startHour}:00 on a simulated clock; ` +
      `${dataset.projects} projects × ${dataset.branchesPerProject} branches × ${dataset.tasksPerBranch} tasks, ` +
      `${dataset.users} users (${Math.round(options.activeUserShare * 100)}% log in), ` +
      `Zipf(${options.zipfExponent}) popularity within each user's projects; ${options.database}` +
      (options.cacheOptions ? `; cache options ${JSON.stringify(options.cacheOptions)}.` : '.'),
    `${count(schedule.logins)} logins, ${count(schedule.readRequests)} read requests ` +
      `(${count(cached.reads)} cached reads), ${count(schedule.writes)} writes through CachedContexts, ` +
      'one request at a time; the same schedule with the cache off (`STRATA_CACHE=off`) is the baseline. ' +
      'Every served read is checked against the versions of the simulator’s acknowledged writes.',
    '',
    '| figure | measured | DESIGN KPI | ours |',
    '|---|---:|---:|---:|',
    `| hit rate | **${rate(headline.hitRate)}** | ≥ ${DESIGN_TARGETS.hitRate} ${met(targets.design.hitRate)} | ≥ ${OUR_TARGETS.hitRate} ${met(targets.ours.hitRate)} |`,
    `| source-query reduction | **${rate(headline.queryReduction)}** | ≥ ${DESIGN_TARGETS.queryReduction} ${met(targets.design.queryReduction)} | ≥ ${OUR_TARGETS.queryReduction} ${met(targets.ours.queryReduction)} |`,
    `| stale reads | **${headline.staleReads}** | — | ${OUR_TARGETS.staleReads} ${met(targets.ours.staleReads)} |`,
    '',
    `Source statements: ${count(cached.queries.total)} cached against ${count(uncached.queries.total)} uncached ` +
      `(read requests alone: ${count(cached.queries.reads)} against ${count(uncached.queries.reads)}, ` +
      `a reduction of ${rate(headline.readQueryReduction)}; writes and recorded login and checkout events cost the same either way).`,
    `Warming (all strategies) ran ${count(cached.queries.warming)} of the cached pass's statements outside the ` +
      `reads and writes (counted above); warming success ${rate(headline.warmingSuccess)}. The same schedule cached ` +
      `without warming: hit rate ${rate(overallHitRate(report.unwarmed))}, query reduction ` +
      `${rate(queryReduction(report.unwarmed.queries.total, uncached.queries.total))}.`,
    '',
    '| warming strategy | proposed | warmed | already cached | overtaken | failed | succeeded | wasted |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(cached.warming.strategies).map(
      ([strategy, f]) =>
        `| ${strategy} | ${count(f.proposed)} | ${count(f.warmed)} | ${count(f.present)} | ${count(f.overtaken)} | ${count(f.failed)} | ${count(f.succeeded)} | ${count(f.wasted)} |`,
    ),
    '',
    ...precisionLines(report),
    ...(options.coldRestart ? [...coldRestartLines(report.coldRestart), ''] : []),
    `Reads the loader answered with the cache on: ${count(cached.missCauses.firstRead)} first reads of a key, ` +
      `${count(cached.missCauses.changed)} after a write changed it, ${count(cached.missCauses.expiredOrEvicted)} ` +
      'unchanged but no longer cached (expired or evicted). Source statements per miss: ' +
      Object.entries(cached.missCosts)
        .map(([label, cost]) => `${label} ${perMiss(cost)}`)
        .join(', ') +
      '.',
    `Resolution time per request (wall clock, reported, not asserted): cached ${milliseconds(headline.avgMsCached)} ` +
      `average, ${milliseconds(headline.p99MsCached)} p99; uncached ${milliseconds(headline.avgMsUncached)} ` +
      `average, ${milliseconds(headline.p99MsUncached)} p99 (the cache's writes behind an answer — ` +
      'fills, promotions, demotions — and warming land between requests, untimed, as they do on a ' +
      'server between requests seconds apart). ' +
      `CPU time per request (process user + system over the same span): cached ${milliseconds(headline.cpuMsCached)} ` +
      `average, ${milliseconds(headline.cpuP99MsCached)} p99; uncached ${milliseconds(headline.cpuMsUncached)} ` +
      `average, ${milliseconds(headline.cpuP99MsUncached)} p99.`,
    '',
    '| read keys by the band of their latest load | entity written: high / medium / low | not written: high / medium / low |',
    '|---|---:|---:|',
    ...Object.entries(cached.bands).map(
      ([label, bands]) =>
        `| ${label} | ${bandTriple(bands.written)} | ${bandTriple(bands.unwritten)} |`,
    ),
    '',
    '| tier | lookups | hit rate | entries at end | bytes at end | budget |',
    '|---|---:|---:|---:|---:|---:|',
    ...TIER_NAMES.map((tier) => {
      const figures = report.tiers[tier];
      return `| ${tier} | ${count(figures.hits + figures.misses)} | ${rate(figures.hitRate)} | ${count(figures.entries)} | ${bytes(figures.bytes)} | ${bytes(figures.budgetBytes)} |`;
    }),
    '',
    '| type (cache stats) | requests | hit rate | from hot | from warm | from cold | bytes hot / warm / cold |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(report.types).map(
      ([type, figures]) =>
        `| ${type} | ${count(figures.requests)} | ${rate(figures.hitRate)} | ` +
        TIER_NAMES.map((tier) => rate(figures.answeredBy[tier])).join(' | ') +
        ` | ${TIER_NAMES.map((tier) => bytes(figures.bytes[tier])).join(' / ')} |`,
    ),
    '',
    '| read (x-cache counts) | reads | hit rate | hot | warm | cold | miss | stale |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...Object.entries(report.servedBy).map(
      ([label, figures]) =>
        `| ${label} | ${count(figures.reads)} | ${rate(figures.hitRate)} | ` +
        (['hot', 'warm', 'cold', 'miss', 'stale'] as const)
          .map((source) => count(figures.bySource[source] ?? 0))
          .join(' | ') +
        ' |',
    ),
  ];
  if (report.staleExamples.length > 0) {
    lines.push('', 'Stale reads (first ones):', '');
    for (const stale of report.staleExamples) {
      lines.push(
        `- ${stale.key}: ${stale.entity} served at version ${stale.servedVersion}, ` +
          `${stale.expectedVersion} acknowledged (x-cache ${stale.source})`,
      );
    }
  }
  return lines.join('\n');
}

function precisionLines({ cached }: WorkloadReport): string[] {
  if (cached.precision === undefined) {
    return [];
  }
  const { windows, predictive, baseline } = cached.precision;
  return [
    `Predictive warming's precision over ${count(windows)} windows of 15 minutes (keys it named that the next ` +
      `window read, at the same length as the baseline's list): **${rate(predictive.precision)}** ` +
      `(${count(predictive.read)} of ${count(predictive.chosen)}), against ${rate(baseline.precision)} ` +
      `(${count(baseline.read)} of ${count(baseline.chosen)}) for the baseline, the most-read keys of the window before.`,
    '',
  ];
}
