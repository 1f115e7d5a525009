import type { CacheSource } from '@strata/tiers';

/** Why reads went to the source, as far as the simulator can tell from outside the cache. */
export interface MissCauses {
  /** The key had never been read: no cache could have answered. */
  firstRead: number;
  /** What was served differs from the last time: a write changed it since. */
  changed: number;
  /** Served unchanged, yet loaded again: its entry had expired or been evicted. */
  expiredOrEvicted: number;
}

/**
 * Sorts loader answers (`miss`, and `stale` within grace) by cause. The version signature of what
 * was served tells a changed value from one the cache merely no longer held.
 */
export class MissCauseTally {
  readonly causes: MissCauses = { firstRead: 0, changed: 0, expiredOrEvicted: 0 };
  private readonly lastServed = new Map<string, string>();

  record(key: string, versions: string, source: CacheSource): void {
    const previous = this.lastServed.get(key);
    this.lastServed.set(key, versions);
    if (source !== 'miss' && source !== 'stale') {
      return;
    }
    if (previous === undefined) {
      this.causes.firstRead += 1;
    } else if (previous !== versions) {
      this.causes.changed += 1;
    } else {
      this.causes.expiredOrEvicted += 1;
    }
  }
}
