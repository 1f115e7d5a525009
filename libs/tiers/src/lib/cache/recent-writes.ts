import type { Clock } from '../core/clock';
import {
  scopeId,
  scopeIdsOf,
  type EntryIdentity,
  type InvalidationScope,
} from './invalidation-scope';

interface RecentWrite {
  entry: EntryIdentity;
  writtenAt: number;
}

/**
 * The entries this replica wrote to shared tiers lately. Another replica's invalidation deletes
 * in the shared tiers before its message arrives here; a write of ours that landed in between,
 * with a value read before that replica's write, would stay there. So when a message arrives, the
 * entries it covers are handed back to be invalidated again. Bounded by age (the bus delivery
 * bound it covers) and by count.
 */
export class RecentWrites {
  /** By key; Map order is write order: a rewrite moves the key to the end. */
  private readonly writes = new Map<string, RecentWrite>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly capacity: number,
  ) {}

  add(entry: EntryIdentity): void {
    this.writes.delete(entry.key);
    this.writes.set(entry.key, { entry, writtenAt: this.clock.now() });
    this.forgetOld();
  }

  /** Forgets and returns the entries written lately that the scope covers. */
  takeCovered(scope: InvalidationScope): EntryIdentity[] {
    this.forgetOld();
    const id = scopeId(scope);
    const covered: EntryIdentity[] = [];
    for (const [key, { entry }] of this.writes) {
      if (scopeIdsOf(entry).includes(id)) {
        covered.push(entry);
        this.writes.delete(key);
      }
    }
    return covered;
  }

  private forgetOld(): void {
    const horizon = this.clock.now() - this.windowMs;
    for (const [id, write] of this.writes) {
      if (write.writtenAt >= horizon && this.writes.size <= this.capacity) {
        return;
      }
      this.writes.delete(id);
    }
  }
}
