import type { CacheEntry } from '../core/cache-entry';
import { BackgroundWork } from './background-work';
import type { CacheCounters } from './cache-stats';
import type { InvalidationEpochs } from './invalidation-epochs';
import { TierStamps } from './tier-stamps';
import type { TierLevels } from './tier-levels';

/** Why an entry is written to a tier: a new value, or a move between tiers. */
type Move = 'new' | 'promotion' | 'demotion';

/** What became of a write to a persistent tier. */
type Landing = 'stored' | 'refused' | 'unavailable';

/**
 * Writes entries into tiers: new ones into their home tier, promoted ones one tier up, and what a
 * tier evicts while fresh one tier down. Every write to a persistent tier is conditional: it
 * carries the stamp of the destination's domain that the operation took before it obtained the
 * value, and the store refuses it when an invalidation since then, on any replica, covers the
 * entry. Entries in the hot tier keep the stamps they were obtained under, for their demotion.
 * Nothing the local invalidation epochs know to be overtaken is written at all. Writes to
 * persistent tiers run in the background, each under the operation that obtained its entry.
 */
export class TierWriter {
  private readonly background: BackgroundWork;
  /** The stamps each entry in the hot tier was obtained under (the hot tier holds the objects). */
  private readonly hotStamps = new WeakMap<CacheEntry, TierStamps>();

  constructor(
    private readonly levels: TierLevels,
    private readonly epochs: InvalidationEpochs,
    private readonly counters: CacheCounters,
  ) {
    this.background = new BackgroundWork(() => {
      this.counters.backgroundFailures += 1;
    });
  }

  /**
   * Stores a new entry in the level its home tier maps to. When that tier is down the hot tier
   * keeps it meanwhile, so that an outage does not send every read of the key to the source; an
   * entry the tier refused as overtaken goes nowhere.
   */
  storeNew(entry: CacheEntry, level: number, operation: number, stamps: TierStamps): Promise<void> {
    if (level === 0) {
      this.putHot(entry, operation, stamps, 'new');
      return Promise.resolve();
    }
    return this.inBackground(operation, async () => {
      if ((await this.putPersistent(entry, level, operation, 'new', stamps)) === 'unavailable') {
        this.putHot(entry, operation, stamps, 'new');
      }
    });
  }

  /** Copies an entry found at `level` one tier up. */
  promote(entry: CacheEntry, level: number, operation: number, stamps: TierStamps): void {
    const above = level - 1;
    this.counters.tier(this.levels.nameAt(above), entry.type, 'promotions');
    if (above === 0) {
      this.putHot(entry, operation, stamps, 'promotion');
    } else {
      void this.inBackground(operation, () =>
        this.putPersistent(entry, above, operation, 'promotion', stamps),
      );
    }
  }

  /**
   * A new entry whose home is below hot, copied into the hot tier as it is loaded: the key was
   * just read, and a read that follows need not pay a warm-tier statement until its frequency
   * earns a promotion. The hot tier's admission decides whether it stays; its eviction demotes it
   * as any hot entry's does.
   */
  copyToHot(entry: CacheEntry, operation: number, stamps: TierStamps): void {
    this.putHot(entry, operation, stamps, 'promotion');
  }

  /**
   * A reloaded entry whose home is below hot replaces the copy the hot tier holds of its key, so
   * that readers of the hot copy get the reload too; a key the hot tier does not hold stays out.
   */
  replaceHotCopy(entry: CacheEntry, operation: number, stamps: TierStamps): void {
    if (this.levels.hot.peek(entry.key) !== undefined) {
      this.putHot(entry, operation, stamps, 'promotion');
    }
  }

  /**
   * A fresh hot entry handed to the tier below as its eviction would be (a closing cache's), in
   * the background, under the stamps it was obtained with: a shared tier refuses it when an
   * invalidation since then covers it.
   */
  handDown(entry: CacheEntry, operation: number): void {
    this.demote(entry, 0, operation, this.hotStamps.get(entry) ?? TierStamps.none);
  }

  /** Resolves once every background write has landed. */
  idle(): Promise<void> {
    return this.background.idle();
  }

  private putHot(entry: CacheEntry, operation: number, stamps: TierStamps, move: Move): void {
    if (this.epochs.isOutdated(entry, operation, stamps)) {
      return;
    }
    this.hotStamps.set(entry, stamps);
    for (const evicted of this.levels.hot.set(entry)) {
      if (move !== 'promotion' || evicted.key !== entry.key) {
        // A hot entry's value is as old as its stamps, however long it stayed.
        this.demote(evicted, 0, operation, this.hotStamps.get(evicted) ?? TierStamps.none);
      }
    }
  }

  private async putPersistent(
    entry: CacheEntry,
    level: number,
    operation: number,
    move: Move,
    stamps: TierStamps,
  ): Promise<Landing> {
    if (this.epochs.isOutdated(entry, operation, stamps)) {
      return 'refused';
    }
    const tier = this.levels.persistentAt(level);
    const stamp = stamps.of(tier.stampDomain);
    if (stamp === undefined) {
      // The operation never read this tier's domain (it was down): nothing to order the write by.
      return 'unavailable';
    }
    this.epochs.beginWrite(entry.key, operation);
    try {
      const result = await tier.set(entry, stamp);
      if (result === undefined) {
        return 'unavailable';
      }
      if (result.outcome === 'invalidated' || result.outcome === 'stamp-expired') {
        this.counters.refusedWrites += 1;
        return 'refused';
      }
      // What the write evicted was read at the write's own stamp in this domain.
      const evictedStamps = stamps.with(tier.stampDomain, result.stamp);
      for (const evicted of result.evicted) {
        if (move !== 'promotion' || evicted.key !== entry.key) {
          this.demote(evicted, level, operation, evictedStamps);
        }
      }
      // Too large for its tier counts as stored: the entry itself was handed back for demotion.
      return 'stored';
    } finally {
      this.epochs.endWrite(entry.key, operation);
    }
  }

  /**
   * An entry a tier evicted while fresh moves one tier down; the lowest tier's are dropped. A
   * promoted entry that its tier refused or evicted at once is not demoted: it is still below.
   */
  private demote(entry: CacheEntry, level: number, operation: number, stamps: TierStamps): void {
    if (level === this.levels.lowest) {
      return;
    }
    this.counters.tier(this.levels.nameAt(level), entry.type, 'demotions');
    void this.inBackground(operation, () =>
      this.putPersistent(entry, level + 1, operation, 'demotion', stamps),
    );
  }

  private inBackground(operation: number, work: () => Promise<unknown>): Promise<void> {
    this.epochs.hold(operation);
    return this.background.run(async () => {
      try {
        await work();
      } finally {
        this.epochs.release(operation);
      }
    });
  }
}
