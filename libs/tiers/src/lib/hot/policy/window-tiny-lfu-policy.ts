import { AccessOrderList } from './access-order-list';
import { FrequencySketch } from './frequency-sketch';
import { HillClimber } from './hill-climber';
import { PolicyNode, Region } from './policy-node';

/** Initial window share of the maximum weight (Caffeine: 1%); the climber moves it. */
const INITIAL_WINDOW_SHARE = 0.01;
/** The window never shrinks below one unit of weight (one entry when every entry weighs 1). */
const MINIMUM_WINDOW = 1;
/** Share of the main space reserved for entries hit at least twice since admission. */
const PROTECTED_SHARE = 0.8;
/** A candidate this popular is admitted now and then even when it loses, so that an attacker who floods the sketch with collisions cannot pin the victim forever. */
const JITTER_FREQUENCY = 6;
const JITTER_PROBABILITY = 1 / 128;
/** Bounds the entries moved between regions on one window resize, keeping each call cheap. */
const TRANSFER_LIMIT = 1000;
/** The climber samples this many requests per resident entry before judging a window size. */
const CLIMB_SAMPLE_FACTOR = 10;

export interface WindowTinyLfuOptions {
  /** Capacity in the unit of the nodes' weights. */
  maximumWeight: number;
  /** Called for each node the policy evicts, after it has left every list. */
  onEvict: (node: PolicyNode) => void;
  /** Resident entries to size the sketch and the climber's sample for; both grow with the resident count. */
  expectedEntries?: number;
  /**
   * A sketch shared with other policies (one per entry type in the hot tier), so that a miss can be
   * counted before anyone knows which policy the key will belong to. Its owner sizes it; without
   * one the policy owns and sizes its own.
   */
  sketch?: FrequencySketch;
  /** Source of randomness for admission jitter; injectable for deterministic tests. */
  random?: () => number;
}

/**
 * W-TinyLFU with an adaptive window (Caffeine's eviction policy), weighted. New entries enter a
 * small LRU window; what overflows it becomes a candidate for the main space, a segmented LRU
 * (probation, protected), and is admitted only when the sketch says it is more popular than the
 * main space's victim. A hill climber resizes the window so the policy leans to recency or to
 * frequency, whichever the workload rewards.
 *
 * The policy owns ordering and admission only; the store owns the key→node map and calls
 * `recordHit`/`recordMiss` on reads, `add`/`remove`/`updateWeight` on writes.
 */
export class WindowTinyLfuPolicy {
  private readonly window = new AccessOrderList();
  private readonly probation = new AccessOrderList();
  private readonly protected = new AccessOrderList();
  private readonly sketch: FrequencySketch;
  private readonly ownsSketch: boolean;
  private readonly climber: HillClimber;
  private readonly onEvict: (node: PolicyNode) => void;
  private readonly random: () => number;

  private windowMaximum: number;
  private protectedMaximum: number;
  private windowWeight = 0;
  private protectedWeight = 0;
  private totalWeight = 0;
  private entries = 0;
  /** Resident count the sample sizes are currently set for. */
  private sizedFor: number;

  constructor(private readonly options: WindowTinyLfuOptions) {
    const maximum = options.maximumWeight;
    this.onEvict = options.onEvict;
    this.random = options.random ?? Math.random;
    this.windowMaximum = Math.max(MINIMUM_WINDOW, maximum * INITIAL_WINDOW_SHARE);
    this.protectedMaximum = PROTECTED_SHARE * (maximum - this.windowMaximum);
    this.sizedFor = Math.max(16, options.expectedEntries ?? 64);
    this.ownsSketch = options.sketch === undefined;
    this.sketch = options.sketch ?? new FrequencySketch(this.sizedFor);
    this.climber = new HillClimber(maximum, CLIMB_SAMPLE_FACTOR * this.sizedFor);
  }

  get weightedSize(): number {
    return this.totalWeight;
  }

  /** Resident entries. */
  get size(): number {
    return this.entries;
  }

  /** The window's current share of the maximum weight, in [0, 1]: where the climber has taken it. */
  get windowShare(): number {
    return this.windowMaximum / this.options.maximumWeight;
  }

  /** Estimated recent request count of a key hash, resident or not (0–15). */
  frequency(hash: number): number {
    return this.sketch.frequency(hash);
  }

  /**
   * Hits the store counted on its hit path (`policy.uncountedHits++`: an increment, no call) and
   * the climber has not seen yet; it sees them at the next miss, where it may judge (as Caffeine
   * climbs during maintenance, not on reads), so a sampled hit costs no climber call. The climber
   * needs every hit exactly: where the hit ratio does not depend on the window, a sampled count's
   * noise alone would steer it.
   */
  uncountedHits = 0;

  /** A read found the node resident: one hit, counted and recorded at once. */
  recordHit(node: PolicyNode): void {
    this.uncountedHits++;
    this.recordSampledHit(node, 1);
  }

  /**
   * A hit a read buffer sampled (see ReadBuffer), already counted in `uncountedHits`: it counts
   * `sketchAmount` in the sketch (the mean sample gap, standing for the hits skipped) and moves
   * the node in the access order.
   */
  recordSampledHit(node: PolicyNode, sketchAmount: number): void {
    // Counters only grow between agings: a key seen saturated in this epoch would not count more.
    const sketch = this.sketch;
    if (node.saturatedIn !== sketch.epoch && sketch.increment(node.hash, sketchAmount))
      node.saturatedIn = sketch.epoch;
    switch (node.region) {
      case Region.Window:
        this.window.touch(node);
        break;
      case Region.Probation:
        this.promote(node);
        break;
      case Region.Protected:
        this.protected.touch(node);
        break;
    }
  }

  /** Hands the climber the hits counted since last time and `misses`, and applies its verdict. */
  private climb(misses: number): void {
    const adjustment = this.climber.record(this.uncountedHits, misses);
    this.uncountedHits = 0;
    if (adjustment !== 0) this.resizeWindow(adjustment);
  }

  /** A read did not find the key: its popularity still counts towards admission. */
  recordMiss(hash: number): void {
    this.sketch.increment(hash);
  }

  /**
   * Adds the node of a key that missed and was loaded: it joins the window, and the policy evicts
   * what the maximum weight requires, possibly the node itself when admission refuses it. Counts
   * as the miss for the window climber; the sketch counted it in `recordMiss`.
   */
  add(node: PolicyNode): void {
    node.region = Region.Window;
    this.window.addLast(node);
    this.windowWeight += node.weight;
    this.totalWeight += node.weight;
    this.entries++;
    this.evict();
    if (this.entries > this.sizedFor) this.resizeSamples(this.entries * 2);
    this.climb(1);
  }

  /** Every resident node, window first, then probation and protected, each least recent first. */
  *residents(): Generator<PolicyNode> {
    for (const list of [this.window, this.probation, this.protected]) {
      for (let node = list.peekFirst(); node !== undefined; node = list.after(node)) {
        yield node;
      }
    }
  }

  /** Removes a node that left for another reason (deleted, expired, invalidated). */
  remove(node: PolicyNode): void {
    this.detach(node);
  }

  /** The node's value was replaced with one of another weight. */
  updateWeight(node: PolicyNode, weight: number): void {
    const delta = weight - node.weight;
    node.weight = weight;
    this.totalWeight += delta;
    if (node.region === Region.Window) this.windowWeight += delta;
    else if (node.region === Region.Protected) this.protectedWeight += delta;
    this.evict();
  }

  private resizeSamples(entries: number): void {
    this.sizedFor = entries;
    if (this.ownsSketch) this.sketch.ensureCapacity(entries);
    this.climber.sampleSize = CLIMB_SAMPLE_FACTOR * entries;
  }

  private promote(node: PolicyNode): void {
    this.probation.remove(node);
    node.region = Region.Protected;
    this.protected.addLast(node);
    this.protectedWeight += node.weight;
    this.demoteOverflowingProtected();
  }

  private demoteOverflowingProtected(): void {
    while (this.protectedWeight > this.protectedMaximum) {
      const demoted = this.protected.peekFirst();
      if (demoted === undefined) return;
      this.protected.remove(demoted);
      demoted.region = Region.Probation;
      this.probation.addLast(demoted);
      this.protectedWeight -= demoted.weight;
    }
  }

  private evict(): void {
    // What overflows the window joins the probation tail as candidates, oldest first.
    let candidate: PolicyNode | undefined;
    while (this.windowWeight > this.windowMaximum) {
      const node = this.window.peekFirst();
      if (node === undefined) break;
      this.window.remove(node);
      node.region = Region.Probation;
      this.probation.addLast(node);
      this.windowWeight -= node.weight;
      candidate ??= node;
    }
    while (this.totalWeight > this.options.maximumWeight) {
      let victim = this.probation.peekFirst();
      if (victim === candidate) victim = this.protected.peekFirst();
      if (candidate === undefined) {
        this.evictNode(victim ?? (this.window.peekFirst() as PolicyNode));
      } else if (victim === undefined || !this.admit(candidate, victim)) {
        const loser = candidate;
        candidate = this.probation.after(candidate);
        this.evictNode(loser);
      } else {
        this.evictNode(victim);
        candidate = this.probation.after(candidate);
      }
    }
  }

  private admit(candidate: PolicyNode, victim: PolicyNode): boolean {
    if (candidate.weight > this.options.maximumWeight) return false;
    const candidateFrequency = this.sketch.frequency(candidate.hash);
    const victimFrequency = this.sketch.frequency(victim.hash);
    if (candidateFrequency > victimFrequency) return true;
    return candidateFrequency >= JITTER_FREQUENCY && this.random() < JITTER_PROBABILITY;
  }

  private evictNode(node: PolicyNode): void {
    this.detach(node);
    this.onEvict(node);
  }

  private detach(node: PolicyNode): void {
    if (node.region === Region.None) return;
    if (node.region === Region.Window) this.windowWeight -= node.weight;
    else if (node.region === Region.Protected) this.protectedWeight -= node.weight;
    this.totalWeight -= node.weight;
    this.entries--;
    this.listOf(node.region).remove(node);
    node.region = Region.None;
  }

  private listOf(region: Region): AccessOrderList {
    return region === Region.Window
      ? this.window
      : region === Region.Probation
        ? this.probation
        : this.protected;
  }

  private resizeWindow(adjustment: number): void {
    if (adjustment > 0) this.growWindow(adjustment);
    else this.shrinkWindow(-adjustment);
  }

  /**
   * Moves the main's least recent entries (probation first) into the window and the window's bound
   * up by what they weigh. The window may take the whole cache: on a recency-only workload the
   * policy then degrades to LRU instead of staying below it.
   */
  private growWindow(amount: number): void {
    let quota = Math.min(amount, this.options.maximumWeight - this.windowMaximum);
    let moved = 0;
    for (let count = 0; count < TRANSFER_LIMIT; count++) {
      const node = this.probation.peekFirst() ?? this.protected.peekFirst();
      if (node === undefined || node.weight > quota) break;
      quota -= node.weight;
      moved += node.weight;
      if (node.region === Region.Protected) this.protectedWeight -= node.weight;
      this.listOf(node.region).remove(node);
      node.region = Region.Window;
      this.window.addLast(node);
      this.windowWeight += node.weight;
    }
    this.setWindowMaximum(this.windowMaximum + moved);
  }

  /** Moves the window's least recent entries to probation and the window's bound down by their weight. */
  private shrinkWindow(amount: number): void {
    let quota = Math.min(amount, this.windowMaximum - MINIMUM_WINDOW);
    let moved = 0;
    for (let count = 0; count < TRANSFER_LIMIT; count++) {
      const node = this.window.peekFirst();
      if (node === undefined || node.weight > quota) break;
      quota -= node.weight;
      moved += node.weight;
      this.window.remove(node);
      node.region = Region.Probation;
      this.probation.addLast(node);
      this.windowWeight -= node.weight;
    }
    this.setWindowMaximum(this.windowMaximum - moved);
  }

  /** The protected segment keeps its share of whatever the window leaves to the main space. */
  private setWindowMaximum(windowMaximum: number): void {
    this.windowMaximum = windowMaximum;
    this.protectedMaximum = PROTECTED_SHARE * (this.options.maximumWeight - windowMaximum);
    this.demoteOverflowingProtected();
  }
}
