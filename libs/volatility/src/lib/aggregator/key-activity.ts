import { AccessStats, decayFactor } from './access-stats';

/** What the aggregator keeps in memory for one key: enough to score it without a query. */
export class KeyActivity {
  /** Everything known (loaded at start and gathered since): what the score reads. */
  stats = new AccessStats();
  /** Gathered since the last flush, undefined when nothing is: what the next flush adds. */
  pending: AccessStats | undefined;
  pendingAccesses = 0;
  lastAccessAt: number | undefined;
  /** The most recent update times, oldest first, at most as many as saturate `f`. */
  readonly updates: number[] = [];
  /** Every update, decayed with the accesses' half-life (uncapped, unlike `updates`). */
  private updateWeight = 0;
  private updatesDecayedAt = 0;

  constructor(readonly type: string) {}

  recordAccess(at: number, active: boolean, halfLifeMs: number): void {
    const interval =
      this.lastAccessAt === undefined ? undefined : Math.max(0, at - this.lastAccessAt);
    this.stats.add(at, active, interval, halfLifeMs);
    this.pending ??= new AccessStats();
    this.pending.add(at, active, interval, halfLifeMs);
    this.pendingAccesses += 1;
    this.lastAccessAt = Math.max(at, this.lastAccessAt ?? at);
  }

  /** Keeps the update times in order and only the `keep` most recent; adds to the decayed count. */
  recordUpdate(at: number, keep: number, halfLifeMs: number): void {
    this.updateWeight = this.recentUpdates(at, halfLifeMs) + 1;
    this.updatesDecayedAt = Math.max(at, this.updatesDecayedAt);
    let index = this.updates.length;
    while (index > 0 && this.updates[index - 1] > at) {
      index -= 1;
    }
    this.updates.splice(index, 0, at);
    if (this.updates.length > keep) {
      this.updates.splice(0, this.updates.length - keep);
    }
  }

  /** The updates decayed to `at` (a late one counts at the latest moment seen, as accesses do). */
  recentUpdates(at: number, halfLifeMs: number): number {
    return this.updateWeight * decayFactor(this.updatesDecayedAt, at, halfLifeMs);
  }

  updatesSince(since: number): number {
    let count = 0;
    for (const at of this.updates) {
      if (at >= since) {
        count += 1;
      }
    }
    return count;
  }

  /** Hands the pending statistics over to a flush. */
  takePending(): { stats: AccessStats; accesses: number } | undefined {
    if (this.pending === undefined) {
      return undefined;
    }
    const taken = { stats: this.pending, accesses: this.pendingAccesses };
    this.pending = undefined;
    this.pendingAccesses = 0;
    return taken;
  }
}
