import { entrySizeBytes, type CacheEntry } from '../core/cache-entry';
import type { Clock } from '../core/clock';
import type { CacheCounters } from './cache-stats';
import type { HotFill, HotFillRequest } from './hot-fill';
import type { InvalidationEpochs } from './invalidation-epochs';
import type { TierLevels } from './tier-levels';
import { TierStamps } from './tier-stamps';
import type { TierWriter } from './tier-writer';

/**
 * Copies fresh entries of the persistent tiers into the hot tier without a loader: start-up
 * warming's path (TieredCache.fillHot). One batch read per tier, warm before cold, under one
 * operation of the invalidation epochs, so that nothing older than an invalidation this replica
 * has heard of (before the read or while it ran) reaches the hot tier; the copies keep the stamps
 * of the read, so that a demotion of one later is refused by a shared tier that has seen a newer
 * invalidation. Lookups are not counted as reads: no request asked.
 */
export class HotFiller {
  constructor(
    private readonly levels: TierLevels,
    private readonly epochs: InvalidationEpochs,
    private readonly writer: TierWriter,
    private readonly counters: CacheCounters,
    private readonly clock: Clock,
  ) {}

  async fill({ keys, strategy, maxBytes }: HotFillRequest): Promise<HotFill[]> {
    const unique = [...new Set(keys)];
    const fills = new Map<string, HotFill>();
    const operation = this.epochs.begin();
    try {
      let wanted = unique.filter((key) => {
        const hot = this.levels.hot.peek(key);
        if (hot !== undefined && this.clock.now() < hot.expiresAt) {
          fills.set(key, { key, outcome: 'present' });
          return false;
        }
        return true;
      });
      const found = new Map<string, { entry: CacheEntry; from: 'warm' | 'cold' }>();
      let stamps = TierStamps.none;
      let answered = false;
      for (const tier of this.levels.persistent) {
        if (wanted.length === 0) {
          break;
        }
        const read = await tier.read(wanted);
        if (read === undefined) {
          continue;
        }
        answered = true;
        stamps = stamps.with(tier.stampDomain, read.stamp);
        const now = this.clock.now();
        wanted = wanted.filter((key) => {
          const entry = read.entries.get(key);
          if (entry === undefined) {
            return true;
          }
          if (this.epochs.isOutdated(entry, operation)) {
            fills.set(key, { key, outcome: 'outdated' });
            return true;
          }
          if (now >= entry.expiresAt) {
            // A lower tier may still hold a fresh copy (a demoted one).
            if (fills.get(key)?.outcome !== 'outdated') {
              fills.set(key, { key, outcome: 'expired' });
            }
            return true;
          }
          found.set(key, { entry, from: tier.name });
          return false;
        });
      }
      let bytes = 0;
      for (const key of unique) {
        const hit = found.get(key);
        if (hit === undefined) {
          if (!fills.has(key)) {
            fills.set(key, { key, outcome: answered ? 'absent' : 'unavailable' });
          }
          continue;
        }
        const size = entrySizeBytes(hit.entry);
        if (bytes + size > maxBytes) {
          fills.set(key, { key, outcome: 'over-budget' });
          continue;
        }
        fills.set(key, this.copy(hit.entry, hit.from, size, strategy, operation, stamps));
        if (fills.get(key)?.outcome === 'copied') {
          bytes += size;
        }
      }
      return unique.map((key) => fills.get(key) as HotFill);
    } finally {
      this.epochs.release(operation);
    }
  }

  private copy(
    entry: CacheEntry,
    from: 'warm' | 'cold',
    bytes: number,
    strategy: string,
    operation: number,
    stamps: TierStamps,
  ): HotFill {
    const copy: CacheEntry = { ...entry, warmedBy: strategy };
    // Checked against the epochs once more inside: an invalidation may have come since the read.
    this.writer.copyToHot(copy, operation, stamps);
    const stored = this.levels.hot.peek(entry.key);
    if (stored?.warmedBy !== strategy || stored.createdAt !== entry.createdAt) {
      const outdated = this.epochs.isOutdated(entry, operation);
      return { key: entry.key, outcome: outdated ? 'outdated' : 'refused' };
    }
    this.counters.tier('hot', entry.type, 'promotions');
    return {
      key: entry.key,
      outcome: 'copied',
      from,
      bytes,
      createdAt: entry.createdAt,
      expiresAt: entry.expiresAt,
    };
  }
}
