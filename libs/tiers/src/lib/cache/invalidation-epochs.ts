import type { Clock } from '../core/clock';
import {
  scopeId,
  scopeIdsOf,
  type EntryIdentity,
  type InvalidationScope,
} from './invalidation-scope';

/**
 * Orders reads, loads and invalidations on this replica, so that nothing read or loaded before an
 * invalidation is stored or served after it.
 *
 * Every operation and every invalidation gets a stamp: the clock's time, nudged forward so that no
 * two stamps tie (a frozen test clock included). An entry's `createdAt` is the stamp taken when
 * its load started; an invalidation records its stamp per scope. An entry is outdated when a scope
 * covering it was invalidated after its load started.
 *
 * Records are kept only while some operation that began before them is still under way: only such
 * an operation can still write an older value into a tier (after the invalidation deleted it
 * there), and the check below catches that value until the operation's own clean-up removes it.
 * Once every older operation has finished, the tiers hold nothing the record would reject.
 */
export class InvalidationEpochs {
  private lastStamp = 0;
  /** Holds per operation stamp; Map order is stamp order, so the first key is the oldest. */
  private readonly operations = new Map<number, number>();
  /** Stamp per invalidated scope; re-recording moves it to the end, so Map order is stamp order. */
  private readonly records = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** A timestamp greater than every one given before. */
  stamp(): number {
    this.lastStamp = Math.max(this.clock.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  /** Starts an operation and returns its stamp, held once; release it as many times as held. */
  begin(): number {
    const stamp = this.stamp();
    this.operations.set(stamp, 1);
    return stamp;
  }

  /** Keeps the operation open for work it hands to the background. */
  hold(operation: number): void {
    this.operations.set(operation, (this.operations.get(operation) ?? 0) + 1);
  }

  release(operation: number): void {
    const holds = (this.operations.get(operation) ?? 1) - 1;
    if (holds > 0) {
      this.operations.set(operation, holds);
      return;
    }
    this.operations.delete(operation);
    this.forgetSettledRecords();
  }

  record(scope: InvalidationScope): void {
    const id = scopeId(scope);
    this.records.delete(id);
    this.records.set(id, this.stamp());
  }

  /** True when a scope covering the entry was invalidated after `since`. */
  invalidatedSince(since: number, entry: EntryIdentity): boolean {
    if (this.records.size === 0) {
      return false;
    }
    return scopeIdsOf(entry).some((id) => (this.records.get(id) ?? 0) > since);
  }

  /** True when the entry was loaded before an invalidation that covers it. */
  isOutdated(entry: EntryIdentity & { createdAt: number }): boolean {
    return this.invalidatedSince(entry.createdAt, entry);
  }

  private forgetSettledRecords(): void {
    const oldestOperation = this.operations.keys().next();
    const horizon = oldestOperation.done ? Infinity : oldestOperation.value;
    for (const [id, stamp] of this.records) {
      if (stamp >= horizon) {
        break;
      }
      this.records.delete(id);
    }
  }
}
