import type { AnchorPoint } from './anchors';

/** Our hit ratio beside the anchors at one trace and capacity. */
export interface ComparedPoint extends AnchorPoint {
  trace: string;
  strata: number;
}

export interface Shortfall {
  points: number;
  trace: string;
  capacity: number;
}

export interface PolicySummary {
  meanGapToOpt: number;
  /** The largest amount by which the policy falls below the better of LRU and ARC (≤ 0: never below). */
  worstShortfall: Shortfall;
}

type PolicyColumn = 'lru' | 'arc' | 'wtinylfu' | 'strata';

/** Mean gap to OPT and worst shortfall against the better of LRU and ARC, as ANCHORS.md summarises them. */
export function summarise(points: readonly ComparedPoint[], column: PolicyColumn): PolicySummary {
  let gap = 0;
  let worst: Shortfall = { points: -Infinity, trace: '', capacity: 0 };
  for (const point of points) {
    gap += point.opt - point[column];
    const shortfall = Math.max(point.lru, point.arc) - point[column];
    if (shortfall > worst.points)
      worst = { points: shortfall, trace: point.trace, capacity: point.capacity };
  }
  return { meanGapToOpt: points.length === 0 ? 0 : gap / points.length, worstShortfall: worst };
}
