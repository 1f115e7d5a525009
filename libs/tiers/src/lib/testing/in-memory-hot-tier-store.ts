import type { CacheEntry } from '../core/cache-entry';
import type { Clock } from '../core/clock';
import type { HotTierStore, TierOccupancyReport } from '../core/tier-store';
import { InMemoryEntryTable } from './in-memory-entry-table';

/** A plain LRU hot tier for tests of the composition: it admits everything and counts reads per key. */
export class InMemoryHotTierStore implements HotTierStore {
  readonly tier = 'hot' as const;
  private readonly table: InMemoryEntryTable;
  private readonly reads = new Map<string, number>();

  constructor(clock: Clock, budgetBytesPerType = 1_000_000) {
    this.table = new InMemoryEntryTable(clock, budgetBytesPerType);
  }

  get(key: string): CacheEntry | undefined {
    this.reads.set(key, this.frequency(key) + 1);
    return this.table.get(key);
  }

  peek(key: string): CacheEntry | undefined {
    return this.table.get(key);
  }

  set(entry: CacheEntry): CacheEntry[] {
    return this.table.set(entry);
  }

  delete(key: string): boolean {
    return this.table.delete(key);
  }

  deleteByDependency(dependencyKey: string): number {
    return this.table.deleteByDependency(dependencyKey);
  }

  deleteByType(type: string): number {
    return this.table.deleteByType(type);
  }

  frequency(key: string): number {
    return this.reads.get(key) ?? 0;
  }

  occupancy(): TierOccupancyReport {
    return this.table.occupancy();
  }

  close(): void {
    this.reads.clear();
  }
}
