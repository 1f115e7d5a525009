import type { CacheEntry } from '../core/cache-entry';
import type { Clock } from '../core/clock';
import type {
  InvalidationTarget,
  PersistentTierStore,
  SetResult,
  Stamp,
  TierInvalidation,
  TierOccupancyReport,
  TierRead,
} from '../core/tier-store';
import { scopesOfEntry, targetScope } from '../persistent/tombstone-scopes';
import { InMemoryEntryTable } from './in-memory-entry-table';

let nextDomain = 0;

/**
 * What stores of one stamp domain share: the invalidation counter, the tombstones (kept for
 * ever: tests are short) and each tier's table, so that one call can invalidate several tiers.
 */
export class InMemoryStampDomain {
  readonly id = `memory:${++nextDomain}`;
  counter = 0;
  readonly tombstones = new Map<string, number>();
  readonly tables = new Map<string, InMemoryEntryTable>();
}

export interface InMemoryPersistentTierStoreOptions {
  tier: 'warm' | 'cold';
  clock: Clock;
  budgetBytesPerType?: number;
  /** Awaited before every call: lets a test interleave, hold back or fail store calls. */
  beforeCall?: (method: string) => Promise<void>;
  /** Shared with the other tier's store to put both in one stamp domain; a domain of its own by default. */
  domain?: InMemoryStampDomain;
}

/** A warm or cold tier in memory, asynchronous like the real ones, for tests of the composition. */
export class InMemoryPersistentTierStore implements PersistentTierStore {
  readonly tier: 'warm' | 'cold';
  readonly stampDomain: string;
  /** Calls received, by method: lets a test see which calls were batched and which were skipped. */
  readonly calls: Record<string, number> = {};
  private readonly table: InMemoryEntryTable;
  private readonly beforeCall: (method: string) => Promise<void>;
  private readonly domain: InMemoryStampDomain;

  constructor(options: InMemoryPersistentTierStoreOptions) {
    this.tier = options.tier;
    this.table = new InMemoryEntryTable(options.clock, options.budgetBytesPerType ?? 1_000_000);
    this.beforeCall = options.beforeCall ?? (() => Promise.resolve());
    this.domain = options.domain ?? new InMemoryStampDomain();
    this.domain.tables.set(this.tier, this.table);
    this.stampDomain = this.domain.id;
  }

  read(keys: readonly string[]): Promise<TierRead> {
    return this.call('read', () => ({ entries: this.found(keys), stamp: this.domain.counter }));
  }

  stamp(): Promise<Stamp> {
    return this.call('stamp', () => this.domain.counter);
  }

  invalidate(
    target: InvalidationTarget,
    alsoTiers: readonly string[] = [],
  ): Promise<TierInvalidation> {
    return this.call('invalidate', () => {
      let removed = 0;
      for (const tier of new Set([this.tier, ...alsoTiers])) {
        const table = this.domain.tables.get(tier);
        if (table !== undefined) {
          removed += table.invalidate(target);
        }
      }
      const stamp = ++this.domain.counter;
      this.domain.tombstones.set(targetScope(target), stamp);
      return { removed, stamp };
    });
  }

  get(key: string): Promise<CacheEntry | undefined> {
    return this.call('get', () => this.table.get(key));
  }

  getMany(keys: readonly string[]): Promise<Map<string, CacheEntry>> {
    return this.call('getMany', () => this.found(keys));
  }

  set(entry: CacheEntry, stamp: Stamp): Promise<SetResult> {
    return this.call('set', (): SetResult => {
      const current = this.domain.counter;
      const overtaken = scopesOfEntry(entry).some(
        (scope) => (this.domain.tombstones.get(scope) ?? 0) > stamp,
      );
      if (overtaken) {
        return { outcome: 'invalidated', evicted: [], stamp: current };
      }
      return { outcome: 'stored', evicted: this.table.set(entry), stamp: current };
    });
  }

  async delete(key: string): Promise<boolean> {
    return (await this.invalidate({ kind: 'key', key })).removed > 0;
  }

  async deleteByDependency(dependencyKey: string): Promise<number> {
    return (await this.invalidate({ kind: 'dependency', dependency: dependencyKey })).removed;
  }

  async deleteByType(type: string): Promise<number> {
    return (await this.invalidate({ kind: 'type', type })).removed;
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

  private found(keys: readonly string[]): Map<string, CacheEntry> {
    const found = new Map<string, CacheEntry>();
    for (const key of keys) {
      const entry = this.table.get(key);
      if (entry !== undefined) {
        found.set(key, entry);
      }
    }
    return found;
  }

  private async call<T>(method: string, operation: () => T): Promise<T> {
    this.calls[method] = (this.calls[method] ?? 0) + 1;
    await this.beforeCall(method);
    return operation();
  }
}
