import { entrySizeBytes, type CacheEntry } from '../core/cache-entry';
import type { Clock } from '../core/clock';
import type { InvalidationTarget, TierOccupancy, TierOccupancyReport } from '../core/tier-store';

/**
 * The bookkeeping both in-memory test stores share: entries in recency order, a byte budget per
 * type enforced by evicting the least recently used entry of that type, and a dependency index so
 * that invalidation does not scan. Deliberately simple: the real stores have their own suites.
 */
export class InMemoryEntryTable {
  /** Map order is recency order: a read moves the entry to the end. */
  private readonly entries = new Map<string, CacheEntry>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly evictions = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly budgetBytesPerType: number,
  ) {}

  get(key: string): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return undefined;
    }
    if (this.clock.now() >= entry.staleUntil) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Stores the entry and returns the entries evicted for its type's budget while still fresh. */
  set(entry: CacheEntry): CacheEntry[] {
    this.delete(entry.key);
    this.entries.set(entry.key, entry);
    for (const dependency of entry.dependencies) {
      this.dependentsOf(dependency).add(entry.key);
    }
    const evictedFresh: CacheEntry[] = [];
    for (const victim of this.entries.values()) {
      if (this.bytesOf(entry.type) <= this.budgetBytesPerType) {
        break;
      }
      if (victim.type !== entry.type) {
        continue;
      }
      this.delete(victim.key);
      this.evictions.set(victim.type, (this.evictions.get(victim.type) ?? 0) + 1);
      if (this.clock.now() < victim.expiresAt) {
        evictedFresh.push(victim);
      }
    }
    return evictedFresh;
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      return false;
    }
    this.entries.delete(key);
    for (const dependency of entry.dependencies) {
      this.dependents.get(dependency)?.delete(key);
    }
    return true;
  }

  deleteByDependency(dependencyKey: string): number {
    const keys = [dependencyKey, ...(this.dependents.get(dependencyKey) ?? [])];
    this.dependents.delete(dependencyKey);
    return keys.filter((key) => this.delete(key)).length;
  }

  invalidate(target: InvalidationTarget): number {
    switch (target.kind) {
      case 'key':
        return this.delete(target.key) ? 1 : 0;
      case 'dependency':
        return this.deleteByDependency(target.dependency);
      case 'type':
        return this.deleteByType(target.type);
    }
  }

  deleteByType(type: string): number {
    return this.keysWhere((entry) => entry.type === type).filter((key) => this.delete(key)).length;
  }

  sweepExpired(): number {
    const now = this.clock.now();
    return this.keysWhere((entry) => now >= entry.staleUntil).filter((key) => this.delete(key))
      .length;
  }

  occupancy(): TierOccupancyReport {
    const types: Record<string, TierOccupancy> = {};
    for (const entry of this.entries.values()) {
      const type = (types[entry.type] ??= this.emptyOccupancy());
      type.entries += 1;
      type.bytes += entrySizeBytes(entry);
    }
    for (const [type, evictions] of this.evictions) {
      (types[type] ??= this.emptyOccupancy()).evictions = evictions;
    }
    const all = Object.values(types);
    return {
      entries: all.reduce((sum, type) => sum + type.entries, 0),
      bytes: all.reduce((sum, type) => sum + type.bytes, 0),
      budgetBytes: this.budgetBytesPerType * all.length,
      evictions: all.reduce((sum, type) => sum + type.evictions, 0),
      types,
    };
  }

  private emptyOccupancy(): TierOccupancy {
    return { entries: 0, bytes: 0, budgetBytes: this.budgetBytesPerType, evictions: 0 };
  }

  private bytesOf(type: string): number {
    let bytes = 0;
    for (const entry of this.entries.values()) {
      if (entry.type === type) {
        bytes += entrySizeBytes(entry);
      }
    }
    return bytes;
  }

  private keysWhere(predicate: (entry: CacheEntry) => boolean): string[] {
    return [...this.entries.values()].filter(predicate).map((entry) => entry.key);
  }

  private dependentsOf(dependency: string): Set<string> {
    let keys = this.dependents.get(dependency);
    if (keys === undefined) {
      keys = new Set();
      this.dependents.set(dependency, keys);
    }
    return keys;
  }
}
