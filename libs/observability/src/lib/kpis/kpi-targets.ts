/** The DESIGN §7 KPIs, each with its target and the side of it that is good. */
export const KPI_NAMES = [
  'hitRate',
  'averageResponseMs',
  'queryReduction',
  'memoryEfficiency',
  'warmingSuccess',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

export interface KpiTarget {
  target: number;
  /** `atLeast`: met when the value is at least the target; `atMost`: when it is at most. */
  comparison: 'atLeast' | 'atMost';
  unit: 'ratio' | 'ms';
  description: string;
}

export const KPI_TARGETS: Readonly<Record<KpiName, KpiTarget>> = {
  hitRate: {
    target: 0.85,
    comparison: 'atLeast',
    unit: 'ratio',
    description: 'Reads answered by a tier (hot, warm or cold) over all reads',
  },
  averageResponseMs: {
    target: 50,
    comparison: 'atMost',
    unit: 'ms',
    description: 'Mean time the cache took to answer a read, loads from the source included',
  },
  queryReduction: {
    target: 0.75,
    comparison: 'atLeast',
    unit: 'ratio',
    description:
      'Statements saved (the load cost of every read answered by a tier) over those saved plus every statement the source ran, writes and warming included',
  },
  memoryEfficiency: {
    target: 0.9,
    comparison: 'atLeast',
    unit: 'ratio',
    description:
      'Bytes of the entries that left the hot tier having been read again since they were admitted, over the bytes of all that left',
  },
  warmingSuccess: {
    target: 0.95,
    comparison: 'atLeast',
    unit: 'ratio',
    description:
      'Warmed entries read before they left the hot tier, over all warmed entries that left',
  },
};

/** Whether `value` meets `target`; null when there is no value to judge. */
export function meets(value: number | null, { target, comparison }: KpiTarget): boolean | null {
  if (value === null) {
    return null;
  }
  return comparison === 'atLeast' ? value >= target : value <= target;
}
