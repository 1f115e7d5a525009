import type { CacheEntry } from '../core/cache-entry';
import { BackgroundWork } from './background-work';
import type { CacheCounters } from './cache-stats';
import type { InvalidationEpochs } from './invalidation-epochs';
import type { InvalidationScope } from './invalidation-scope';
import type { RecentWrites } from './recent-writes';
import type { TierLevels } from './tier-levels';

/** Why an entry is written to a tier: a new value, or a move between tiers. */
type Move = 'new' | 'promotion' | 'demotion';

/**
 * Writes entries into tiers: new ones into their home tier, promoted ones one tier up, and what a
 * tier evicts while fresh one tier down. Nothing an invalidation has overtaken is written, and a
 * write an invalidation overtook while it was under way is invalidated again, in every tier and
 * on every replica: meanwhile it may have been read, and copied into a hot tier. Writes to
 * persistent tiers run in the background, each under the operation that obtained its entry.
 */
export class TierWriter {
  private readonly background: BackgroundWork;

  constructor(
    private readonly levels: TierLevels,
    private readonly epochs: InvalidationEpochs,
    private readonly counters: CacheCounters,
    private readonly recentWrites: RecentWrites,
    /** Invalidates one key in every tier, here and on the other replicas. */
    private readonly invalidateKey: (key: string) => Promise<unknown>,
  ) {
    this.background = new BackgroundWork(() => {
      this.counters.backgroundFailures += 1;
    });
  }

  /**
   * Stores a new entry in the level its home tier maps to. When that tier is down the hot tier
   * keeps it meanwhile, so that an outage does not send every read of the key to the source.
   */
  storeNew(entry: CacheEntry, level: number, operation: number): Promise<void> {
    if (level === 0) {
      this.putHot(entry, operation, 'new');
      return Promise.resolve();
    }
    return this.inBackground(operation, async () => {
      if (!(await this.putPersistent(entry, level, operation, 'new'))) {
        this.putHot(entry, operation, 'new');
      }
    });
  }

  /** Copies an entry found at `level` one tier up. */
  promote(entry: CacheEntry, level: number, operation: number): void {
    const above = level - 1;
    this.counters.tier(this.levels.nameAt(above), entry.type, 'promotions');
    if (above === 0) {
      this.putHot(entry, operation, 'promotion');
    } else {
      void this.inBackground(operation, () =>
        this.putPersistent(entry, above, operation, 'promotion'),
      );
    }
  }

  /**
   * Another replica's invalidation arrived: what this replica wrote to shared tiers lately and
   * the invalidation covers may have landed after that replica deleted, so it is deleted again.
   */
  redoForRemote(scope: InvalidationScope): void {
    const covered = this.recentWrites.takeCovered(scope);
    if (covered.length === 0) {
      return;
    }
    const operation = this.epochs.begin();
    for (const entry of covered) {
      void this.inBackground(operation, () => this.invalidateKey(entry.key));
    }
    this.epochs.release(operation);
  }

  /** Resolves once every background write has landed. */
  idle(): Promise<void> {
    return this.background.idle();
  }

  private putHot(entry: CacheEntry, operation: number, move: Move): void {
    if (!this.epochs.isOutdated(entry, operation)) {
      this.demote(evictedBy(entry, this.levels.hot.set(entry), move), 0, operation);
    }
  }

  /** True when the tier now holds the entry. */
  private async putPersistent(
    entry: CacheEntry,
    level: number,
    operation: number,
    move: Move,
  ): Promise<boolean> {
    if (this.epochs.isOutdated(entry, operation)) {
      return false;
    }
    this.epochs.beginWrite(entry.key, operation);
    try {
      const evicted = await this.levels.persistentAt(level).set(entry);
      if (evicted === undefined) {
        return false;
      }
      this.demote(evictedBy(entry, evicted, move), level, operation);
      if (this.epochs.invalidatedSince(operation, entry)) {
        // An invalidation ran while the write was under way and may have deleted before it landed.
        await this.invalidateKey(entry.key);
        return false;
      }
      this.recentWrites.add(entry);
      return true;
    } finally {
      this.epochs.endWrite(entry.key, operation);
    }
  }

  /** Entries a tier evicted while fresh move one tier down; the lowest tier's are dropped. */
  private demote(evicted: readonly CacheEntry[], level: number, operation: number): void {
    if (level === this.levels.lowest) {
      return;
    }
    for (const entry of evicted) {
      this.counters.tier(this.levels.nameAt(level), entry.type, 'demotions');
      void this.inBackground(operation, () =>
        this.putPersistent(entry, level + 1, operation, 'demotion'),
      );
    }
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

/**
 * What to demote after writing `entry`: what the tier evicted, except the entry itself when it
 * was being promoted (a tier may refuse or at once evict it) since it is still in the tier below.
 */
function evictedBy(entry: CacheEntry, evicted: CacheEntry[], move: Move): CacheEntry[] {
  return move === 'promotion' ? evicted.filter((other) => other.key !== entry.key) : evicted;
}
