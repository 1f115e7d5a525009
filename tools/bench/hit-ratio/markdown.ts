import { type ComparedPoint, type PolicySummary, summarise } from './summary';
import type { SyntheticResult } from './synthetic-traces';

/** The shortfall the product tolerates against the better of LRU and ARC (ANCHORS.md's goal). */
const TOLERATED_SHORTFALL = 2;

const figure = (value: number): string => value.toFixed(2);
const signed = (value: number): string => (value >= 0 ? '+' : '−') + Math.abs(value).toFixed(2);

function shortfallCell(summary: PolicySummary): string {
  const { points, trace, capacity } = summary.worstShortfall;
  return points <= 0 ? 'none' : `${figure(points)} (${trace} @ ${capacity})`;
}

/** Our hit ratios beside ANCHORS.md's reference columns, then the summary row it defines. */
export function anchorsTable(points: readonly ComparedPoint[]): string {
  const rows = points.map((point) => {
    const margin = point.strata - Math.max(point.lru, point.arc);
    const flag = margin < -TOLERATED_SHORTFALL ? ' ⚠' : '';
    return `| ${point.trace} | ${point.capacity} | ${figure(point.lru)} | ${figure(point.arc)} | ${figure(point.wtinylfu)} | ${figure(point.opt)} | **${figure(point.strata)}** | ${signed(margin)}${flag} |`;
  });
  const summaries = {
    lru: summarise(points, 'lru'),
    arc: summarise(points, 'arc'),
    wtinylfu: summarise(points, 'wtinylfu'),
    strata: summarise(points, 'strata'),
  };
  const bestReferenceGap = Math.min(
    summaries.lru.meanGapToOpt,
    summaries.arc.meanGapToOpt,
    summaries.wtinylfu.meanGapToOpt,
  );
  const gapMet = summaries.strata.meanGapToOpt < bestReferenceGap;
  const shortfallMet = summaries.strata.worstShortfall.points <= TOLERATED_SHORTFALL;
  return [
    '## Hot-tier policy: hit ratio on the shared traces (%)',
    '',
    'The hot tier’s eviction policy (W-TinyLFU with a hill-climbed window, every entry weighing 1)',
    'replayed on each trace and capacity of `../shared/bench/ANCHORS.md`. LRU, ARC, W-TinyLFU (approx.)',
    'and OPT are that file’s reference figures; the last column is Strata minus the better of LRU and ARC',
    `(⚠ where it falls more than ${TOLERATED_SHORTFALL} points below). Replays are deterministic (seeded admission jitter).`,
    '',
    '| trace | capacity | LRU | ARC | W-TinyLFU (approx.) | OPT | Strata | vs max(LRU, ARC) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Summary over all ${points.length} points:`,
    '',
    '| policy | mean gap to OPT (points) | worst shortfall vs the better of LRU and ARC |',
    '|---|---:|---:|',
    `| LRU | ${figure(summaries.lru.meanGapToOpt)} | — |`,
    `| ARC | ${figure(summaries.arc.meanGapToOpt)} | — |`,
    `| W-TinyLFU (approx.) | ${figure(summaries.wtinylfu.meanGapToOpt)} | ${shortfallCell(summaries.wtinylfu)} |`,
    `| **Strata** | **${figure(summaries.strata.meanGapToOpt)}** | **${shortfallCell(summaries.strata)}** |`,
    '',
    `Goals: mean gap to OPT below every reference (${figure(bestReferenceGap)}): ${gapMet ? 'met' : 'not met'}; ` +
      `shortfall at most ${TOLERATED_SHORTFALL} points at every point: ${shortfallMet ? 'met' : 'not met'}.`,
  ].join('\n');
}

/** Generated traces no reference covers: the policy beside an exact LRU on the same requests. */
export function syntheticTable(results: readonly SyntheticResult[]): string {
  return [
    '### Synthetic traces (not published in ANCHORS.md; 1 M requests each, seeded)',
    '',
    'zipf-s: Zipf(s) over 100 k keys. zipf-0.9+scan: half Zipf(0.9) over 20 k keys, half one-time keys.',
    'loop-5000: 5,000 keys in a fixed cycle. reuse-soon: every key requested twice, the second time',
    'a geometric distance later (mean 300 requests), pure recency. zipf-shifting: Zipf(0.9) whose',
    'popular keys change every 100 k requests.',
    '',
    '| trace | capacity | LRU | Strata | Strata − LRU |',
    '|---|---:|---:|---:|---:|',
    ...results.map(
      (result) =>
        `| ${result.trace} | ${result.capacity} | ${figure(result.lru)} | ${figure(result.strata)} | ${signed(result.strata - result.lru)} |`,
    ),
  ].join('\n');
}
