/** DESIGN §7's KPIs for what this simulator measures, and the stricter goals issue 5 sets. */
export const DESIGN_TARGETS = { hitRate: 0.85, queryReduction: 0.75 } as const;
export const OUR_TARGETS = { hitRate: 0.95, queryReduction: 0.95, staleReads: 0 } as const;

export interface TargetVerdicts {
  design: { hitRate: boolean; queryReduction: boolean };
  ours: { hitRate: boolean; queryReduction: boolean; staleReads: boolean };
}

export function judgeTargets(
  hitRate: number,
  queryReduction: number,
  staleReads: number,
): TargetVerdicts {
  return {
    design: {
      hitRate: hitRate >= DESIGN_TARGETS.hitRate,
      queryReduction: queryReduction >= DESIGN_TARGETS.queryReduction,
    },
    ours: {
      hitRate: hitRate >= OUR_TARGETS.hitRate,
      queryReduction: queryReduction >= OUR_TARGETS.queryReduction,
      staleReads: staleReads === OUR_TARGETS.staleReads,
    },
  };
}
