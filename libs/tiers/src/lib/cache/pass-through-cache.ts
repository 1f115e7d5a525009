import type { CacheObserver } from './cache-observer';
import { CacheObservers } from './cache-observers';
import { CacheCounters, type CacheStats, type TierState } from './cache-stats';
import type {
  CachedValue,
  EntryInfo,
  EntryOptions,
  LoadRequest,
  Loader,
  StrataCache,
} from './strata-cache';
import type { HotFill, HotFillRequest } from './hot-fill';
import { NO_LOAD_BASIS } from './load-basis';
import { toJsonText } from './to-json-text';
import type { WarmResult } from './warm-request';

const NO_TIER: TierState = { configured: false };

/**
 * `STRATA_CACHE=off`: every read goes to the loader and answers `miss`, so the api can be measured
 * uncached behind the same interface. It stores nothing, so there is nothing to invalidate.
 */
export class PassThroughCache implements StrataCache {
  private readonly counters = new CacheCounters();
  private readonly observers = new CacheObservers();

  constructor(private readonly replicaId = 'pass-through') {}

  async get(): Promise<CachedValue | undefined> {
    return undefined;
  }

  async getMany(): Promise<Map<string, CachedValue>> {
    return new Map();
  }

  async getOrLoad<T>(key: string, load: Loader<T>, options: EntryOptions<T>): Promise<CachedValue> {
    const startedAt = performance.now();
    const seconds = () => (performance.now() - startedAt) / 1000;
    this.counters.answered(options.type, 'miss');
    this.counters.answer(options.type, 'loads');
    try {
      const answer: CachedValue = {
        json: toJsonText(key, await load(NO_LOAD_BASIS)),
        source: 'miss',
      };
      this.observers.answered({ type: options.type, source: 'miss', seconds: seconds() });
      return answer;
    } catch (error) {
      this.counters.answer(options.type, 'loaderFailures');
      this.observers.answered({
        type: options.type,
        source: 'miss',
        seconds: seconds(),
        failed: true,
      });
      throw error;
    }
  }

  loadMany(requests: readonly LoadRequest[]): Promise<CachedValue[]> {
    return Promise.all(
      requests.map(({ key, load, ...options }) => this.getOrLoad(key, load, options)),
    );
  }

  async set(): Promise<void> {
    // Nothing is stored.
  }

  async delete(): Promise<boolean> {
    return false;
  }

  async invalidate(): Promise<number> {
    return 0;
  }

  async invalidateType(): Promise<number> {
    return 0;
  }

  pendingInvalidations(): number {
    return 0;
  }

  async sweepExpired(): Promise<number> {
    return 0;
  }

  async entryInfo(): Promise<EntryInfo | undefined> {
    return undefined;
  }

  async stats(): Promise<CacheStats> {
    return this.counters.report(false, this.replicaId, {
      hot: NO_TIER,
      warm: NO_TIER,
      cold: NO_TIER,
    });
  }

  observe(observer: CacheObserver): () => void {
    return this.observers.add(observer);
  }

  async warm(): Promise<WarmResult> {
    return { outcome: 'disabled' };
  }

  async fillHot({ keys }: HotFillRequest): Promise<HotFill[]> {
    return [...new Set(keys)].map((key) => ({ key, outcome: 'disabled' }));
  }

  onFreshHit(): () => void {
    // Nothing is ever answered from a tier.
    return () => undefined;
  }

  async close(): Promise<void> {
    // Nothing runs in the background.
  }
}
