import type { Clock } from '../core/clock';
import {
  scopeId,
  scopeIdsOf,
  type EntryIdentity,
  type InvalidationScope,
} from './invalidation-scope';

interface RecentWrite {
  entry: EntryIdentity;
  level: number;
  writtenAt: number;
}

/**
 * The writes this replica made to shared tiers lately. Another replica's invalidation deletes in
 * the shared tiers before its message arrives here; a write of ours that landed in between, with a
 * value read before that replica's write, would stay there. So when a message arrives, the writes
 * it covers are handed back to be deleted again. Bounded by age (the bus delivery bound it covers)
 * and by count.
 */
export class RecentWrites {
  /** Map order is write order: a rewrite moves the key to the end. */
  private readonly writes = new Map<string, RecentWrite>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly capacity: number,
  ) {}

  add(entry: EntryIdentity, level: number): void {
    const id = `${level}\u0000${entry.key}`;
    this.writes.delete(id);
    this.writes.set(id, { entry, level, writtenAt: this.clock.now() });
    this.forgetOld();
  }

  /** Forgets and returns the writes the scope covers. */
  takeCovered(scope: InvalidationScope): { entry: EntryIdentity; level: number }[] {
    this.forgetOld();
    const id = scopeId(scope);
    const covered: RecentWrite[] = [];
    for (const [writeId, write] of this.writes) {
      if (scopeIdsOf(write.entry).includes(id)) {
        covered.push(write);
        this.writes.delete(writeId);
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
