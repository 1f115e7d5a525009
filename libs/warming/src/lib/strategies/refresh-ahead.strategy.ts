import type { FreshHit } from '@strata/tiers';
import type { RefreshAheadSettings } from '../config/warming-config';
import type { WarmingStrategy, WarmProposal } from '../core/warming-strategy';
import { BoundedMap } from '../core/bounded-map';
import { unitHash } from '../core/unit-hash';

/**
 * Refresh-ahead for entries read often (Caffeine's `refreshAfterWrite`, FusionCache's eager
 * refresh): a read of an entry past its refresh point, read at least `minReads` times since it was
 * loaded (cache hits, counted here),
 * asks for a reload in the background while the reader is answered with the current value. The
 * point is `at` of the TTL, moved by up to ± `jitter` per key and entry, so that entries loaded
 * together do not reload together. One refresh per entry: later reads of the same entry propose
 * nothing (the cache's single flight keeps it to one load per key, and an invalidation that
 * overtakes the reload makes the cache drop it).
 */
export class RefreshAheadStrategy implements WarmingStrategy {
  readonly name = 'refresh-ahead';
  /** Per key, the entry last read (by its creation time), its reads, and whether it was refreshed. */
  private readonly entries: BoundedMap<
    string,
    { createdAt: number; reads: number; refreshed: boolean }
  >;

  constructor(
    private readonly settings: RefreshAheadSettings,
    remembered: number,
  ) {
    this.entries = new BoundedMap(remembered);
  }

  /** When the entry should be reloaded, read often enough. */
  refreshPoint(key: string, createdAt: number, expiresAt: number): number {
    const { at, jitter } = this.settings;
    const share = at + jitter * (2 * unitHash(`${key}@${createdAt}`) - 1);
    return createdAt + (expiresAt - createdAt) * share;
  }

  consider(hit: FreshHit, now: number): WarmProposal | undefined {
    let entry = this.entries.get(hit.key);
    if (entry === undefined || entry.createdAt !== hit.createdAt) {
      entry = { createdAt: hit.createdAt, reads: 0, refreshed: false };
      this.entries.set(hit.key, entry);
    }
    entry.reads += 1;
    if (
      entry.refreshed ||
      entry.reads < this.settings.minReads ||
      now < this.refreshPoint(hit.key, hit.createdAt, hit.expiresAt)
    ) {
      return undefined;
    }
    entry.refreshed = true;
    const secondsLeft = Math.max(0, Math.round((hit.expiresAt - now) / 1000));
    return {
      key: hit.key,
      // Above every other strategy: the key is being read now.
      priority: 1_000 + entry.reads,
      reason: `read ${entry.reads} times since it was loaded, ${secondsLeft} s before it expires`,
      refresh: true,
    };
  }
}
