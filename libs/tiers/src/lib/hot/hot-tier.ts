import type { CacheEntry } from '../core/cache-entry';
import type { Clock } from '../core/clock';
import type { HotTierStore, TierOccupancy, TierOccupancyReport } from '../core/tier-store';
import { AmortisedClock } from './amortised-clock';
import { expiryTick } from './expiry-tick';
import { DependencyIndex } from './dependency-index';
import { hotEntryWeight } from './entry-weight';
import { HotNode } from './hot-node';
import {
  DEFAULT_HOT_BUDGET_BYTES,
  DEFAULT_SWEEP_INTERVAL_MS,
  defaultClockReadsPerValue,
  type HotTierOptions,
} from './hot-tier-options';
import { FrequencySketch } from './policy/frequency-sketch';
import { type PolicyNode, Region } from './policy/policy-node';
import { HIT_SAMPLE_RATE, ReadBuffer } from './read-buffer';
import { hashString } from './string-hash';
import { TimerWheel } from './timer-wheel';
import { TypePartition } from './type-partition';

/** Read once: the enum member is a property load, which the hit path need not repeat. */
const PROBATION = Region.Probation;
/** Sketch size before the first entries arrive; it grows with the resident count. */
const INITIAL_SKETCH_ENTRIES = 1024;

/**
 * The hot tier: process memory, bounded in bytes per entry type, each type kept within its budget
 * by its own W-TinyLFU policy; all types share one frequency sketch, so a miss counts before its
 * type is known. Entries expire at `staleUntil`: reads check it, and a timer wheel removes them in
 * the background without scanning.
 */
export class HotTier implements HotTierStore {
  readonly tier = 'hot' as const;
  private readonly nodes = new Map<string, HotNode>();
  private readonly partitions = new Map<string, TypePartition>();
  private readonly dependencies = new DependencyIndex<HotNode>();
  private readonly sketch = new FrequencySketch(INITIAL_SKETCH_ENTRIES);
  private readonly expiries: TimerWheel<HotNode>;
  private readonly clock: Clock;
  private readonly hitClock: AmortisedClock;
  /** Sampled hits waiting for their policies; drained when full and before every miss or write. */
  private readonly reads = new ReadBuffer<HotNode>((node) =>
    node.policy.recordSampledHit(node, HIT_SAMPLE_RATE),
  );
  private readonly budgetBytesPerType: Readonly<Record<string, number>>;
  private readonly defaultBudgetBytes: number;
  private readonly timer: NodeJS.Timeout | undefined;
  /** Entries the policy evicted during the current `set` while still fresh, for the caller to demote. */
  private evictedFresh: CacheEntry[] = [];
  /** The time of the current `set`, so that judging its evictions fresh reads no clock. */
  private setTime = 0;

  constructor(options: HotTierOptions) {
    this.clock = options.clock;
    this.hitClock = new AmortisedClock(
      options.clock,
      options.clockReadsPerValue ?? defaultClockReadsPerValue(options.clock),
      options.clock.now(),
    );
    this.budgetBytesPerType = options.budgetBytesPerType ?? {};
    this.defaultBudgetBytes = options.defaultBudgetBytes ?? DEFAULT_HOT_BUDGET_BYTES;
    this.expiries = new TimerWheel(this.clock.now());
    const interval = options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS;
    if (interval > 0) {
      this.timer = setInterval(() => this.sweep(), interval);
      this.timer.unref();
    }
  }

  /**
   * Kept small so that callers inline it: a hit is one map lookup, an expiry test on the node and
   * a countdown; misses, expiries and the policy's bookkeeping live out of line.
   */
  get(key: string): CacheEntry | undefined {
    const node = this.nodes.get(key);
    if (node === undefined) return this.miss(key);
    // The node's ticks encode its entry's staleUntil: comparing small integers there spares a hit
    // the loads of two boxed doubles; the exact times decide only when the ticks cannot.
    const clock = this.hitClock;
    if (clock.readsLeft-- <= 0) clock.refresh();
    if (clock.tick >= node.staleTick && clock.value >= node.timerTime) return this.expire(node);
    node.policy.uncountedHits++;
    const reads = this.reads;
    if (--reads.untilSample <= 0 || node.region === PROBATION) reads.add(node);
    return node.entry;
  }

  private miss(key: string): undefined {
    this.reads.drain();
    this.sketch.increment(hashString(key));
    return undefined;
  }

  /** A read found the entry past staleUntil: it counts as a miss, and the entry goes. */
  private expire(node: HotNode): undefined {
    this.reads.drain();
    this.sketch.increment(node.hash);
    this.remove(node);
    return undefined;
  }

  /**
   * Offers the entry; returns the entries evicted while still fresh, the offered one included when
   * admission refuses it. An entry larger than its type's whole budget is not kept (and replaces
   * nothing: any older value under its key is dropped, as it is superseded).
   */
  set(entry: CacheEntry): CacheEntry[] {
    this.reads.drain();
    const now = this.clock.now();
    const existing = this.nodes.get(entry.key);
    const partition = this.partitionFor(entry.type);
    const weight = hotEntryWeight(entry);
    if (
      existing !== undefined &&
      (existing.partition !== partition || weight > partition.budgetBytes)
    ) {
      this.remove(existing);
    } else if (existing !== undefined) {
      return this.replace(existing, entry, weight, now);
    }
    if (now >= entry.staleUntil || weight > partition.budgetBytes) return [];
    const node = new HotNode(entry.key, hashString(entry.key), weight, entry, partition);
    this.nodes.set(entry.key, node);
    this.dependencies.add(node, entry.dependencies);
    this.schedule(node, entry.staleUntil);
    if (this.nodes.size > this.sketch.capacity) this.sketch.ensureCapacity(this.nodes.size);
    return this.collectEvictions(now, () => partition.policy.add(node));
  }

  delete(key: string): boolean {
    const node = this.nodes.get(key);
    if (node === undefined) return false;
    this.remove(node);
    return true;
  }

  deleteByDependency(dependencyKey: string): number {
    const affected = this.dependencies.dependentsOf(dependencyKey);
    const keyed = this.nodes.get(dependencyKey);
    if (keyed !== undefined && !affected.includes(keyed)) affected.push(keyed);
    for (const node of affected) this.remove(node);
    return affected.length;
  }

  deleteByType(type: string): number {
    const partition = this.partitions.get(type);
    if (partition === undefined) return 0;
    const residents = [...partition.policy.residents()] as HotNode[];
    for (const node of residents) this.remove(node);
    return residents.length;
  }

  frequency(key: string): number {
    this.reads.drain();
    return this.sketch.frequency(hashString(key));
  }

  occupancy(): TierOccupancyReport {
    const types: Record<string, TierOccupancy> = {};
    const total: TierOccupancy = { entries: 0, bytes: 0, budgetBytes: 0, evictions: 0 };
    for (const [type, partition] of this.partitions) {
      const occupancy = partition.occupancy();
      types[type] = occupancy;
      total.entries += occupancy.entries;
      total.bytes += occupancy.bytes;
      total.budgetBytes += occupancy.budgetBytes;
      total.evictions += occupancy.evictions;
    }
    return { ...total, types };
  }

  /** Removes every entry past `staleUntil`; the timer calls it, tests call it after moving a fake clock. */
  sweep(): number {
    let removed = 0;
    this.expiries.advance(this.clock.now(), (node) => {
      this.unlink(node);
      node.policy.remove(node);
      removed++;
    });
    return removed;
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.reads.clear();
    this.nodes.clear();
    this.partitions.clear();
    this.dependencies.clear();
  }

  private replace(node: HotNode, entry: CacheEntry, weight: number, now: number): CacheEntry[] {
    if (now >= entry.staleUntil) {
      this.remove(node);
      return [];
    }
    this.dependencies.remove(node, node.entry.dependencies);
    node.entry = entry;
    this.dependencies.add(node, entry.dependencies);
    this.schedule(node, entry.staleUntil);
    return this.collectEvictions(now, () => node.policy.updateWeight(node, weight));
  }

  private schedule(node: HotNode, staleUntil: number): void {
    this.expiries.schedule(node, staleUntil);
    node.staleTick = expiryTick(staleUntil, this.hitClock.epoch);
  }

  private collectEvictions(now: number, operation: () => void): CacheEntry[] {
    this.setTime = now;
    const evicted: CacheEntry[] = [];
    this.evictedFresh = evicted;
    operation();
    return evicted;
  }

  private partitionFor(type: string): TypePartition {
    let partition = this.partitions.get(type);
    if (partition === undefined) {
      const budget = this.budgetBytesPerType[type] ?? this.defaultBudgetBytes;
      partition = new TypePartition(type, budget, this.sketch, (node) => this.onEvict(node));
      this.partitions.set(type, partition);
    }
    return partition;
  }

  private onEvict(policyNode: PolicyNode): void {
    const node = policyNode as HotNode;
    this.unlink(node);
    node.partition.evictions++;
    if (this.setTime < node.entry.expiresAt) this.evictedFresh.push(node.entry);
  }

  private remove(node: HotNode): void {
    this.unlink(node);
    node.policy.remove(node);
  }

  /** Forgets the node everywhere but in its policy. */
  private unlink(node: HotNode): void {
    this.nodes.delete(node.key);
    this.dependencies.remove(node, node.entry.dependencies);
    this.expiries.cancel(node);
  }
}
