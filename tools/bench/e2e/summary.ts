import { median } from '../report/statistics';
import type { RunResult } from './load-run';

/** (a) through the cache, (b) `STRATA_CACHE=off`, (c) the bare route: the framework's ceiling. */
export const VARIANTS = ['cached', 'uncached', 'bare'] as const;
export type Variant = (typeof VARIANTS)[number];

/** Issue 5's goals for the cached route at the headline concurrency. */
export const GOALS = { cachedToBareThroughput: 0.8, cachedP99Ms: 5 } as const;

export type VariantSummary = RunResult;

export interface DatabaseSummary {
  variants: Record<Variant, VariantSummary>;
  cachedToBare: number;
  cachedP99Met: boolean;
  cachedToBareMet: boolean;
}

/** Medians over the rounds, figure by figure. */
export function summariseRuns(runs: Record<Variant, RunResult[]>): DatabaseSummary {
  const variants = Object.fromEntries(
    VARIANTS.map((variant) => [variant, medianRun(runs[variant])]),
  ) as Record<Variant, VariantSummary>;
  const cachedToBare = variants.cached.requestsPerSecond / variants.bare.requestsPerSecond;
  return {
    variants,
    cachedToBare,
    cachedToBareMet: cachedToBare >= GOALS.cachedToBareThroughput,
    cachedP99Met: variants.cached.p99 < GOALS.cachedP99Ms,
  };
}

function medianRun(runs: readonly RunResult[]): RunResult {
  const of = (figure: keyof RunResult) => median(runs.map((run) => run[figure]));
  return {
    requestsPerSecond: of('requestsPerSecond'),
    p50: of('p50'),
    p99: of('p99'),
    requests: of('requests'),
    sourceQueriesPerRequest: of('sourceQueriesPerRequest'),
    hotShare: of('hotShare'),
    warmShare: of('warmShare'),
    coldShare: of('coldShare'),
    missShare: of('missShare'),
  };
}

/** Each round starts with a different variant, so drift in the machine's speed favours none. */
export function roundOrder(round: number): Variant[] {
  return VARIANTS.map((_, index) => VARIANTS[(index + round) % VARIANTS.length]);
}
