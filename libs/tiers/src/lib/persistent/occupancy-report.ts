import type { TierOccupancy, TierOccupancyReport } from '../core/tier-store';
import type { TierBudgets } from './tier-budgets';

export interface TypeContents {
  type: string;
  entries: number;
  bytes: number;
}

/** Assembles the occupancy report from what a store holds per type and what it evicted. */
export function occupancyReport(
  contents: readonly TypeContents[],
  budgets: TierBudgets,
  evictionsByType: ReadonlyMap<string, number>,
): TierOccupancyReport {
  const types: Record<string, TierOccupancy> = {};
  const names = new Set([...contents.map((content) => content.type), ...evictionsByType.keys()]);
  for (const type of [...names].sort()) {
    const content = contents.find((candidate) => candidate.type === type);
    types[type] = {
      entries: content?.entries ?? 0,
      bytes: content?.bytes ?? 0,
      budgetBytes: budgets.budgetFor(type),
      evictions: evictionsByType.get(type) ?? 0,
    };
  }
  const all = Object.values(types);
  return {
    entries: sum(all.map((occupancy) => occupancy.entries)),
    bytes: sum(all.map((occupancy) => occupancy.bytes)),
    budgetBytes: sum(all.map((occupancy) => occupancy.budgetBytes)),
    evictions: sum(all.map((occupancy) => occupancy.evictions)),
    types,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
