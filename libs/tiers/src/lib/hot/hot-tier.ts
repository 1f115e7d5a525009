import type { CacheEntry } from '../core/cache-entry';
import type { Clock } from '../core/clock';
import type {
  HotDeparture,
  HotDepartureListener,
  HotDepartureReason,
  HotTierStore,
  TierOccupancy,
  TierOccupancyReport,
} from '../core/tier-store';
import { AmortisedClock } from './amortised-clock';
import { DependencyIndex } from './dependency-index';
import { hotEntryWeight, MAX_ENTRY_WEIGHT } from './entry-weight';
import { MissLog } from './miss-log';
import {
  DEFAULT_HOT_BUDGET_BYTES,
  DEFAULT_SWEEP_INTERVAL_MS,
  defaultClockReadsPerValue,
  type HotTierOptions,
} from './hot-tier-options';
import { FrequencySketch } from './policy/frequency-sketch';
import { MUST_RECORD, PolicySlots, REFERENCED } from './policy/policy-slots';
import { HIT_SAMPLE_RATE, ReadBuffer } from './read-buffer';
import { grownColumn } from './slot-columns';
import { SlotAllocator } from './slot-allocator';
import { hashString } from './string-hash';
import { TimerWheel } from './timer-wheel';
import { TypePartition } from './type-partition';

/** Sketch size before the first entries arrive; it grows with the resident count. */
const INITIAL_SKETCH_ENTRIES = 1024;
/** Entry types a slot's Uint8Array type column tells apart; beyond, the column widens to 16 bits. */
const NARROW_TYPES = 0x100;
/** Entry types a store can tell apart at all. */
const MAX_TYPES = 0x10000;
/** The latest second the due column holds (2106); later times are kept as it, and read exactly from the entry. */
const MAX_DUE_SECONDS = 0xffffffff;
/** Returned when a set evicted nothing fresh; frozen, so no caller can fill it for the next. */
const NO_EVICTIONS = Object.freeze([]) as unknown as CacheEntry[];

/**
 * The hot tier: process memory, bounded in bytes per entry type, each type kept within its budget
 * by its own W-TinyLFU policy; all types share one frequency sketch, so a miss counts before its
 * type is known (when the caller acts on it: see MissLog). Entries expire at `staleUntil`: reads check it, and a timer wheel removes them in
 * the background without scanning.
 *
 * Stored as a struct of arrays, as lru-cache does: a key maps to a slot number in one Map, the
 * entries sit in one array by slot, and everything else a slot needs (its type, expiry and timer
 * links here; its policy's links, weight, hash and region in PolicySlots) lives in typed-array
 * columns. A resident entry is no object of the store's own, so a hit reads a few numbers by
 * index, and the heap holds one Map entry and a few dozen bytes of columns per entry.
 */
export class HotTier implements HotTierStore {
  readonly tier = 'hot' as const;
  private readonly slotOf = new Map<string, number>();
  private readonly allocator = new SlotAllocator<CacheEntry>((capacity) => this.grow(capacity));
  /** Entries by slot (the allocator's array: a free slot holds a number). */
  private readonly entries = this.allocator.values;
  /** Each slot's partition index. */
  private typeOf: Uint8Array | Uint16Array = new Uint8Array(0);
  private readonly policySlots = new PolicySlots();
  /** `policySlots.state`, re-read after every growth: the hit path's column. */
  private policyState = this.policySlots.state;
  /**
   * Each slot's `staleUntil` in whole seconds, rounded down (clamped to the column's range): a hit
   * compares it with the clock's seconds, and only in an entry's last second or after does it read
   * the exact time from the entry. Four bytes a slot, where a Float64Array of times took eight.
   */
  private dueSeconds = new Uint32Array(0);
  private readonly partitions: TypePartition[] = [];
  private readonly partitionsByType = new Map<string, TypePartition>();
  private lastPartition: TypePartition | undefined;
  private readonly dependencies = new DependencyIndex();
  private readonly sketch = new FrequencySketch(INITIAL_SKETCH_ENTRIES);
  private readonly expiries: TimerWheel;
  private readonly clock: Clock;
  private readonly sharedClock: AmortisedClock;
  /** Sampled hits waiting for their policies; drained when full and before every write. */
  private readonly reads = new ReadBuffer({
    sampled: (slot) =>
      this.partitions[this.typeOf[slot]].policy.recordSampledHit(slot, HIT_SAMPLE_RATE),
    unsampled: (slot) => this.partitions[this.typeOf[slot]].policy.recordUnsampledHit(slot),
  });
  /** Misses not yet counted in the sketch; drained before a write or a frequency is read. */
  private readonly misses = new MissLog();
  private readonly countMiss = (key: string): void => void this.sketch.increment(hashString(key));
  private readonly budgetBytesPerType: Readonly<Record<string, number>>;
  private readonly defaultBudgetBytes: number;
  private readonly timer: NodeJS.Timeout | undefined;
  /** Entries the policy evicted during the current `set` while still fresh, for the caller to demote. */
  private evictedFresh: CacheEntry[] | undefined;
  /** The time of the current `set`, so that judging its evictions fresh reads no clock. */
  private setTime = 0;
  private readonly departureListeners: HotDepartureListener[] = [];
  /** Departures of the operation under way, delivered when it ends (only while someone listens). */
  private pendingDepartures: HotDeparture[] = [];

  constructor(options: HotTierOptions) {
    this.clock = options.clock;
    this.sharedClock = new AmortisedClock(
      options.clock,
      options.clockReadsPerValue ?? defaultClockReadsPerValue(options.clock),
    );
    this.budgetBytesPerType = options.budgetBytesPerType ?? {};
    this.defaultBudgetBytes = options.defaultBudgetBytes ?? DEFAULT_HOT_BUDGET_BYTES;
    this.expiries = new TimerWheel(
      this.clock.now(),
      (slot) => (this.entries[slot] as CacheEntry).staleUntil,
    );
    if (options.onDeparture !== undefined) this.departureListeners.push(options.onDeparture);
    const interval = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    if (interval > 0) {
      this.timer = setInterval(() => this.sweep(), interval);
      this.timer.unref();
    }
  }

  /**
   * Kept small so that callers inline it: a hit is one map lookup, an expiry test and a countdown,
   * on numbers by slot; misses, expiries and the policy's bookkeeping live out of line.
   */
  get(key: string): CacheEntry | undefined {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return this.miss(key);
    const clock = this.sharedClock;
    if (clock.readsLeft-- <= 0) clock.refresh();
    const entry = this.entries[slot] as CacheEntry;
    if (clock.seconds >= this.dueSeconds[slot] && clock.value >= entry.staleUntil) {
      return this.expire(slot);
    }
    // ReadBuffer.record, inlined.
    const states = this.policyState;
    const state = states[slot];
    if ((state & REFERENCED) === 0) states[slot] = state | REFERENCED;
    const reads = this.reads;
    if (--reads.untilSample <= 0 || (state & MUST_RECORD) !== 0) reads.add(slot, state);
    return entry;
  }

  peek(key: string): CacheEntry | undefined {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return undefined;
    const entry = this.entries[slot] as CacheEntry;
    return this.clock.now() < entry.staleUntil ? entry : undefined;
  }

  fresh(): CacheEntry[] {
    const now = this.clock.now();
    const entries: CacheEntry[] = [];
    for (const key of this.slotOf.keys()) {
      const entry = this.peek(key);
      if (entry !== undefined && now < entry.expiresAt) entries.push(entry);
    }
    return entries;
  }

  private miss(key: string): undefined {
    this.misses.record(key);
    return undefined;
  }

  /** A read found the entry past staleUntil: it counts as a miss, and the entry goes. */
  private expire(slot: number): undefined {
    this.reads.drain();
    this.sketch.increment(this.policySlots.hash[slot]);
    this.remove(slot, 'expired');
    this.deliverDepartures();
    return undefined;
  }

  /**
   * Offers the entry; returns the entries evicted while still fresh, the offered one included when
   * admission refuses it. An entry larger than its type's whole budget is not kept (and replaces
   * nothing: any older value under its key is dropped, as it is superseded).
   */
  set(entry: CacheEntry): CacheEntry[] {
    this.reads.drain();
    // The usual set stores what just missed: its miss and its slot share one hash of the key.
    let hash: number | undefined;
    if (this.misses.pending > 0) {
      if (this.misses.latestIs(entry.key)) {
        this.misses.dropLatest();
        hash = hashString(entry.key);
        this.sketch.increment(hash);
      }
      this.misses.drain(this.countMiss);
    }
    const now = this.sharedClock.now();
    const partition = this.partitionFor(entry.type);
    const weight = hotEntryWeight(entry);
    const admissible =
      now < entry.staleUntil && weight <= partition.budgetBytes && weight <= MAX_ENTRY_WEIGHT;
    const existing = this.slotOf.get(entry.key);
    if (existing !== undefined) {
      if (admissible && this.typeOf[existing] === partition.id) {
        return this.replace(existing, partition, entry, weight, now);
      }
      this.remove(existing, 'replaced');
    }
    if (!admissible) {
      this.deliverDepartures();
      return NO_EVICTIONS;
    }
    const slot = this.allocator.allocate(entry);
    this.typeOf[slot] = partition.id;
    this.slotOf.set(entry.key, slot);
    this.dependencies.add(slot, entry.dependencies);
    this.scheduleExpiry(slot, entry.staleUntil);
    if (this.slotOf.size > this.sketch.capacity) this.sketch.ensureCapacity(this.slotOf.size);
    this.beginEvictions(now);
    partition.policy.add(slot, hash ?? hashString(entry.key), weight);
    return this.endEvictions();
  }

  delete(key: string): boolean {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return false;
    this.reads.drain();
    this.remove(slot, 'invalidated');
    this.deliverDepartures();
    return true;
  }

  deleteByDependency(dependencyKey: string): number {
    const affected = this.dependencies.dependentsOf(dependencyKey);
    const keyed = this.slotOf.get(dependencyKey);
    if (keyed !== undefined && !affected.includes(keyed)) affected.push(keyed);
    if (affected.length === 0) return 0;
    this.reads.drain();
    for (const slot of affected) this.remove(slot, 'invalidated');
    this.deliverDepartures();
    return affected.length;
  }

  deleteByType(type: string): number {
    const partition = this.partitionsByType.get(type);
    if (partition === undefined) return 0;
    this.reads.drain();
    const residents = partition.policy.residents();
    for (const slot of residents) this.remove(slot, 'invalidated');
    this.deliverDepartures();
    return residents.length;
  }

  frequency(key: string): number {
    this.reads.drain();
    this.misses.drain(this.countMiss);
    return this.sketch.frequency(hashString(key));
  }

  occupancy(): TierOccupancyReport {
    const types: Record<string, TierOccupancy> = {};
    const total: TierOccupancy = { entries: 0, bytes: 0, budgetBytes: 0, evictions: 0 };
    for (const partition of this.partitions) {
      const occupancy = partition.occupancy();
      types[partition.type] = occupancy;
      total.entries += occupancy.entries;
      total.bytes += occupancy.bytes;
      total.budgetBytes += occupancy.budgetBytes;
      total.evictions += occupancy.evictions;
    }
    return { ...total, types };
  }

  /**
   * Calls `listener` for every entry that leaves from now on (evicted for budget, expired, read
   * or swept past staleUntil, invalidated by delete/deleteByDependency/deleteByType, replaced by
   * a newer value, stored or refused), once the operation that caused it has finished, so the
   * listener sees the tier consistent and may read it. A replacement starts unread. With no
   * listener, departures cost one length test each. A listener that throws does not keep the
   * others from hearing; the first error is rethrown to the operation's caller.
   */
  onDeparture(listener: HotDepartureListener): () => void {
    this.departureListeners.push(listener);
    return () => {
      const index = this.departureListeners.indexOf(listener);
      if (index >= 0) this.departureListeners.splice(index, 1);
    };
  }

  /** Removes every entry past `staleUntil`; the timer calls it, tests call it after moving a fake clock. */
  sweep(): number {
    this.reads.drain();
    let removed = 0;
    this.expiries.advance(this.clock.now(), (slot) => {
      this.remove(slot, 'expired');
      removed++;
    });
    this.deliverDepartures();
    return removed;
  }

  /** Stops the sweep and forgets every entry (no departures: nothing left, the store did). */
  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.reads.clear();
    this.misses.clear();
    for (const partition of this.partitions) {
      for (const slot of partition.policy.residents()) partition.policy.remove(slot);
    }
    this.slotOf.clear();
    this.dependencies.clear();
    this.allocator.clear();
    this.departureListeners.length = 0;
  }

  private replace(
    slot: number,
    partition: TypePartition,
    entry: CacheEntry,
    weight: number,
    now: number,
  ): CacheEntry[] {
    this.depart(slot, 'replaced');
    this.dependencies.remove(slot, (this.entries[slot] as CacheEntry).dependencies);
    this.entries[slot] = entry;
    this.dependencies.add(slot, entry.dependencies);
    this.scheduleExpiry(slot, entry.staleUntil);
    this.beginEvictions(now);
    partition.policy.replace(slot, weight);
    return this.endEvictions();
  }

  private scheduleExpiry(slot: number, staleUntil: number): void {
    const seconds = Math.floor(staleUntil / 1000);
    // Below the range, 0 sends every hit to the exact test; above it, the last second does.
    this.dueSeconds[slot] = seconds > MAX_DUE_SECONDS ? MAX_DUE_SECONDS : seconds > 0 ? seconds : 0;
    this.expiries.schedule(slot, staleUntil);
  }

  private beginEvictions(now: number): void {
    this.setTime = now;
    this.evictedFresh = undefined;
  }

  private endEvictions(): CacheEntry[] {
    const evicted = this.evictedFresh ?? NO_EVICTIONS;
    this.evictedFresh = undefined;
    this.deliverDepartures();
    return evicted;
  }

  private partitionFor(type: string): TypePartition {
    // Consecutive sets are mostly of one type: the last partition spares most of them a map lookup.
    const last = this.lastPartition;
    if (last !== undefined && last.type === type) return last;
    let partition = this.partitionsByType.get(type);
    if (partition === undefined) {
      if (this.partitions.length === MAX_TYPES) {
        throw new RangeError(`the hot tier tells at most ${MAX_TYPES} entry types apart`);
      }
      const budget = this.budgetBytesPerType[type] ?? this.defaultBudgetBytes;
      partition = new TypePartition(
        this.partitions.length,
        type,
        budget,
        this.policySlots,
        this.sketch,
        (slot) => this.onEvict(slot),
      );
      this.partitions.push(partition);
      if (this.partitions.length === NARROW_TYPES + 1) {
        this.typeOf = Uint16Array.from(this.typeOf);
      }
      this.partitionsByType.set(type, partition);
    }
    this.lastPartition = partition;
    return partition;
  }

  /** The policy evicted the slot (it has left the policy already). */
  private onEvict(slot: number): void {
    const entry = this.entries[slot] as CacheEntry;
    this.partitions[this.typeOf[slot]].evictions++;
    this.depart(slot, 'evicted');
    this.release(slot);
    if (this.setTime < entry.expiresAt) (this.evictedFresh ??= []).push(entry);
  }

  private remove(slot: number, reason: HotDepartureReason): void {
    this.partitions[this.typeOf[slot]].policy.remove(slot);
    this.depart(slot, reason);
    this.release(slot);
  }

  /** Forgets the slot everywhere but in its policy and frees it. The read buffer must be empty. */
  private release(slot: number): void {
    const entry = this.entries[slot] as CacheEntry;
    this.slotOf.delete(entry.key);
    this.dependencies.remove(slot, entry.dependencies);
    this.expiries.cancel(slot);
    this.allocator.release(slot);
  }

  private depart(slot: number, reason: HotDepartureReason): void {
    if (this.departureListeners.length === 0) return;
    const entry = this.entries[slot] as CacheEntry;
    this.pendingDepartures.push({
      key: entry.key,
      type: entry.type,
      bytes: this.policySlots.weight[slot],
      reason,
      readSinceAdmitted: this.policySlots.wasRead(slot),
      ...(entry.warmedBy === undefined ? {} : { warmedBy: entry.warmedBy }),
    });
  }

  /**
   * Hands the operation's departures to every listener, now that the tier is consistent. A
   * listener that throws does not keep the others from hearing; the first error is rethrown.
   */
  private deliverDepartures(): void {
    const departures = this.pendingDepartures;
    if (departures.length === 0) return;
    this.pendingDepartures = [];
    let failure: { error: unknown } | undefined;
    for (const listener of [...this.departureListeners]) {
      for (const departure of departures) {
        try {
          listener(departure);
        } catch (error) {
          failure ??= { error };
        }
      }
    }
    if (failure !== undefined) throw failure.error;
  }

  /** Every column takes `capacity` slots. */
  private grow(capacity: number): void {
    this.typeOf = grownColumn(this.typeOf, capacity);
    this.policySlots.grow(capacity);
    this.expiries.grow(capacity);
    this.policyState = this.policySlots.state;
    this.dueSeconds = grownColumn(this.dueSeconds, capacity);
  }
}
