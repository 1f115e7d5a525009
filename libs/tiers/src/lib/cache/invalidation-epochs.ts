import type { TierStamps } from './tier-stamps';
import {
  scopeId,
  scopeIdsOf,
  type EntryIdentity,
  type InvalidationScope,
} from './invalidation-scope';

const NO_SCOPES: ReadonlySet<string> = new Set();

interface InvalidationRecord {
  /** Invalidations of the scope still deleting. */
  underWay: number;
  /** When the last one finished, in the operations' sequence. */
  finishedAt: number;
  /** When the last one finished that left no stamps to judge operations by. */
  unstampedFinishedAt: number;
  /**
   * What the invalidations finished since `unstampedFinishedAt` left in the shared tiers (their
   * domains in common, each at the highest stamp); undefined when none did.
   */
  applied: TierStamps | undefined;
}

/**
 * Orders reads, loads, writes and invalidations on this replica, so that nothing obtained before
 * an invalidation is stored or served after it.
 *
 * Operations and invalidations are numbered from one sequence. An entry an operation obtained
 * (loaded, or read from a tier) is outdated when an invalidation of a scope covering it finished
 * after the operation began, or has not finished yet: a tier read while an invalidation is still
 * deleting may return what it is about to delete. Entries read from a shared tier need one more
 * check: a write this replica started before an invalidation may land after the invalidation
 * deleted the key there, and stay until the writer notices and deletes it again; while such a
 * write is under way, what the tier returns for that key is outdated too.
 *
 * An invalidation that finished may also say what it left in the shared tiers: the stamp each
 * domain's counter reached (an invalidation heard on the bus finishes here when it arrives, which
 * can be well after the sender finished). An operation that read one of those domains at or after
 * that stamp read it after the invalidation, so after the write that caused it, and what it
 * loaded afterwards is not outdated by it, however late the message came.
 *
 * A record is kept while its invalidation is under way, and after it finished while some
 * operation that began before then is still open: only such an operation can still write an older
 * value into a tier, and once every one has finished (its clean-up included) the tiers hold
 * nothing the record would reject.
 */
export class InvalidationEpochs {
  private sequence = 0;
  /** Holds per operation; Map order is sequence order, so the first key is the oldest. */
  private readonly operations = new Map<number, number>();
  /** Per invalidated scope; every change moves it to the end of the Map, so it stays in order. */
  private readonly records = new Map<string, InvalidationRecord>();
  /** The operations writing each key into a persistent tier right now. */
  private readonly writes = new Map<string, number[]>();
  /** Invalidations under way, of any scope, and when the last one finished. */
  private underWay = 0;
  private lastFinishedAt = 0;

  /** Starts an operation, held once; release it as many times as it is held. */
  begin(): number {
    const operation = ++this.sequence;
    this.operations.set(operation, 1);
    return operation;
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

  /** Call before deleting anything the scope names, and `finished` once every tier has. */
  started(scope: InvalidationScope): void {
    const id = scopeId(scope);
    const record = this.records.get(id) ?? {
      underWay: 0,
      finishedAt: 0,
      unstampedFinishedAt: 0,
      applied: undefined,
    };
    record.underWay += 1;
    this.underWay += 1;
    this.records.delete(id);
    this.records.set(id, record);
  }

  /** `applied`: what the invalidation left in the shared tiers, when it says. */
  finished(scope: InvalidationScope, applied?: TierStamps): void {
    const id = scopeId(scope);
    const record = this.records.get(id);
    if (record === undefined) {
      return;
    }
    record.underWay -= 1;
    record.finishedAt = ++this.sequence;
    const merged =
      applied === undefined || record.applied === undefined
        ? applied
        : record.applied.after(applied);
    if (merged === undefined || merged.empty) {
      record.unstampedFinishedAt = record.finishedAt;
      record.applied = undefined;
    } else {
      record.applied = merged;
    }
    this.underWay -= 1;
    this.lastFinishedAt = record.finishedAt;
    this.records.delete(id);
    this.records.set(id, record);
  }

  /**
   * True when an invalidation covering the entry is under way, or finished after the operation
   * began, unless the operation's `stamps` show it read the shared tiers after that invalidation.
   */
  invalidatedSince(operation: number, entry: EntryIdentity, stamps?: TierStamps): boolean {
    if (this.records.size === 0) {
      return false;
    }
    return scopeIdsOf(entry).some((id) => {
      const record = this.records.get(id);
      return (
        record !== undefined &&
        (record.underWay > 0 ||
          record.unstampedFinishedAt > operation ||
          (record.finishedAt > operation &&
            !(record.applied !== undefined && stamps?.readAfter(record.applied) === true)))
      );
    });
  }

  /** True when any invalidation at all finished after the operation began, or is under way. */
  anyInvalidatedSince(operation: number): boolean {
    return this.underWay > 0 || this.lastFinishedAt > operation;
  }

  /**
   * The scopes invalidated since the operation began: finished after it, or under way. A caller
   * arriving now may share a result that operation obtains only if none of them covers it, which
   * is known only once the result (and the dependencies read off it) is in hand.
   */
  scopesInvalidatedSince(operation: number): ReadonlySet<string> {
    if (!this.anyInvalidatedSince(operation)) {
      return NO_SCOPES;
    }
    const scopes = new Set<string>();
    for (const [id, record] of this.records) {
      if (record.underWay > 0 || record.finishedAt > operation) {
        scopes.add(id);
      }
    }
    return scopes;
  }

  /**
   * Whether the entry, obtained by `operation` (or read from a tier by it) under `stamps` when
   * known, may not be served or stored.
   */
  isOutdated(entry: EntryIdentity, operation: number, stamps?: TierStamps): boolean {
    return (
      this.invalidatedSince(operation, entry, stamps) ||
      (this.writes.get(entry.key) ?? []).some((writer) => this.invalidatedSince(writer, entry))
    );
  }

  /** Marks a write of `key` by `operation` as under way, until `endWrite`. */
  beginWrite(key: string, operation: number): void {
    const writers = this.writes.get(key);
    if (writers === undefined) {
      this.writes.set(key, [operation]);
    } else {
      writers.push(operation);
    }
  }

  endWrite(key: string, operation: number): void {
    const writers = this.writes.get(key) ?? [];
    writers.splice(writers.indexOf(operation), 1);
    if (writers.length === 0) {
      this.writes.delete(key);
    }
  }

  private forgetSettledRecords(): void {
    const oldest = this.operations.keys().next();
    const horizon = oldest.done ? Infinity : oldest.value;
    for (const [id, record] of this.records) {
      if (record.underWay > 0 || record.finishedAt >= horizon) {
        break;
      }
      this.records.delete(id);
    }
  }
}
