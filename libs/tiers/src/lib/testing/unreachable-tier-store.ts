import type { CacheEntry } from '../core/cache-entry';
import type {
  PersistentTierStore,
  SetResult,
  Stamp,
  TierInvalidation,
  TierOccupancyReport,
  TierRead,
} from '../core/tier-store';

/**
 * A warm or cold tier whose backend is gone: every call either rejects (`failing`: connection
 * refused) or never settles (`hanging`: a database that stopped answering). Counts the calls it
 * receives, so a test can see the circuit breaker stop sending them.
 */
export class UnreachableTierStore implements PersistentTierStore {
  calls = 0;
  readonly stampDomain: string;

  constructor(
    readonly tier: 'warm' | 'cold',
    private readonly mode: 'failing' | 'hanging',
  ) {
    this.stampDomain = `unreachable:${tier}`;
  }

  read(): Promise<TierRead> {
    return this.unreachable();
  }

  stamp(): Promise<Stamp> {
    return this.unreachable();
  }

  invalidate(): Promise<TierInvalidation> {
    return this.unreachable();
  }

  get(): Promise<CacheEntry | undefined> {
    return this.unreachable();
  }

  getMany(): Promise<Map<string, CacheEntry>> {
    return this.unreachable();
  }

  set(): Promise<SetResult> {
    return this.unreachable();
  }

  delete(): Promise<boolean> {
    return this.unreachable();
  }

  deleteByDependency(): Promise<number> {
    return this.unreachable();
  }

  deleteByType(): Promise<number> {
    return this.unreachable();
  }

  sweepExpired(): Promise<number> {
    return this.unreachable();
  }

  occupancy(): Promise<TierOccupancyReport> {
    return this.unreachable();
  }

  async close(): Promise<void> {
    // Nothing to release: there never was a connection.
  }

  private unreachable<T>(): Promise<T> {
    this.calls += 1;
    return this.mode === 'failing'
      ? Promise.reject(new Error(`${this.tier} tier unreachable`))
      : new Promise<T>(() => undefined);
  }
}
