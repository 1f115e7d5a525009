// The event loop's own turn, not a clock: tests that fake the clock or timers do not hold fills.
import { setImmediate as nextTurn } from 'node:timers';
import type { CacheEntry } from '../core/cache-entry';
import { scopeId, scopeIdsOf, type InvalidationScope } from './invalidation-scope';
import type { TierStamps } from './tier-stamps';

/** What became of a fill handed to the write-behind. */
export interface ScheduledFill {
  /** Settles once the fill has landed in its tier, or been refused or skipped there. */
  landed: Promise<void>;
  /** Whether the load may answer before `landed`: false once too many fills are pending. */
  answerFirst: boolean;
}

/** A fill on its way to a shared tier, and the operation that obtained its entry. */
export interface PendingFill {
  entry: CacheEntry;
  tier: 'warm' | 'cold';
  operation: number;
  /** The stamps its load took: the entry's, should it be promoted before it lands. */
  stamps: TierStamps;
}

/**
 * Fills of the shared tiers that a load answers before: each starts on the next turn of the
 * event loop, after the answer has gone out (on SQLite a store's statements run synchronously,
 * and would otherwise delay it), and at most `limit` are pending at once; past that, a load waits
 * for its own fill, which bounds what a slow tier can pile up. A fill pending for a key is what
 * its tier is about to hold: reads of the key meanwhile are answered from it (coalesced, rather
 * than loaded and written again), as long as the invalidation epochs say it is not outdated.
 */
export class WriteBehind {
  private readonly pending = new Map<string, { fill: PendingFill; landed: Promise<void> }>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly limit: number) {}

  schedule(fill: PendingFill, store: () => Promise<void>): ScheduledFill {
    const answerFirst = !this.full();
    const landed = (
      answerFirst ? new Promise<void>((resolve) => nextTurn(resolve)) : Promise.resolve()
    )
      .then(store)
      .finally(() => {
        this.inFlight.delete(landed);
        if (this.pending.get(fill.entry.key)?.landed === landed) {
          this.pending.delete(fill.entry.key);
        }
      });
    this.inFlight.add(landed);
    this.pending.set(fill.entry.key, { fill, landed });
    return { landed, answerFirst };
  }

  /** Whether as many fills are pending as the limit allows: a load now waits for its own. */
  full(): boolean {
    return this.inFlight.size >= this.limit;
  }

  /** The fill pending for `key`, if one is. */
  pendingFor(key: string): PendingFill | undefined {
    return this.pending.get(key)?.fill;
  }

  /**
   * Forgets the pending fills the scope covers and says how many: the invalidation epochs keep
   * them from landing, and an invalidation counts what it removed before it got there.
   */
  cancel(scope: InvalidationScope): number {
    const id = scopeId(scope);
    let cancelled = 0;
    for (const [key, { fill }] of this.pending) {
      if (scopeIdsOf(fill.entry).includes(id)) {
        this.pending.delete(key);
        cancelled += 1;
      }
    }
    return cancelled;
  }

  /** Resolves once no fill is pending, fills scheduled meanwhile included. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.allSettled(this.inFlight);
    }
  }
}
