import type { CacheEntry } from '../core/cache-entry';
import type { Clock } from '../core/clock';
import type { PersistentTierStore, TierOccupancyReport } from '../core/tier-store';
import { InMemoryEntryTable } from './in-memory-entry-table';

export interface InMemoryPersistentTierStoreOptions {
  tier: 'warm' | 'cold';
  clock: Clock;
  budgetBytesPerType?: number;
  /** Awaited before every call: lets a test interleave, hold back or fail store calls. */
  beforeCall?: (method: string) => Promise<void>;
}

/** A warm or cold tier in memory, asynchronous like the real ones, for tests of the composition. */
export class InMemoryPersistentTierStore implements PersistentTierStore {
  readonly tier: 'warm' | 'cold';
  /** Calls received, by method: lets a test see which calls were batched and which were skipped. */
  readonly calls: Record<string, number> = {};
  private readonly table: InMemoryEntryTable;
  private readonly beforeCall: (method: string) => Promise<void>;

  constructor(options: InMemoryPersistentTierStoreOptions) {
    this.tier = options.tier;
    this.table = new InMemoryEntryTable(options.clock, options.budgetBytesPerType ?? 1_000_000);
    this.beforeCall = options.beforeCall ?? (() => Promise.resolve());
  }

  get(key: string): Promise<CacheEntry | undefined> {
    return this.call('get', () => this.table.get(key));
  }

  getMany(keys: readonly string[]): Promise<Map<string, CacheEntry>> {
    return this.call('getMany', () => {
      const found = new Map<string, CacheEntry>();
      for (const key of keys) {
        const entry = this.table.get(key);
        if (entry !== undefined) {
          found.set(key, entry);
        }
      }
      return found;
    });
  }

  set(entry: CacheEntry): Promise<CacheEntry[]> {
    return this.call('set', () => this.table.set(entry));
  }

  delete(key: string): Promise<boolean> {
    return this.call('delete', () => this.table.delete(key));
  }

  deleteByDependency(dependencyKey: string): Promise<number> {
    return this.call('deleteByDependency', () => this.table.deleteByDependency(dependencyKey));
  }

  deleteByType(type: string): Promise<number> {
    return this.call('deleteByType', () => this.table.deleteByType(type));
  }

  sweepExpired(): Promise<number> {
    return this.call('sweepExpired', () => this.table.sweepExpired());
  }

  occupancy(): Promise<TierOccupancyReport> {
    return this.call('occupancy', () => this.table.occupancy());
  }

  async close(): Promise<void> {
    this.calls['close'] = (this.calls['close'] ?? 0) + 1;
  }

  private async call<T>(method: string, operation: () => T): Promise<T> {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    await this.beforeCall(method);
    return operation();
  }
}
