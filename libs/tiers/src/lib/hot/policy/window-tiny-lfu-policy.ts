import { AccessOrderList } from './access-order-list';
import { FrequencySketch } from './frequency-sketch';
import { HillClimber } from './hill-climber';
import {
  type PolicySlots,
  Region,
  REGION_MASK,
  SATURATION_MASK,
  saturationTag,
  UNREAD,
} from './policy-slots';

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
const NONE = -1;

export interface WindowTinyLfuOptions {
  /** Capacity in the unit of the slots' weights. */
  maximumWeight: number;
  /** The columns the policy keeps its per-slot state in, shared with the other policies of its store. */
  slots: PolicySlots;
  /** Called for each slot the policy evicts, after it has left every list. */
  onEvict: (slot: number) => void;
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
 * The policy owns ordering and admission only, over slots (small integers) whose state lives in
 * PolicySlots' columns; the store owns the key→slot map and the values, and calls
 * `recordHits`/`recordSampledHit`/`recordMiss` on reads and `add`/`remove`/`replace` on writes.
 */
export class WindowTinyLfuPolicy {
  private readonly slots: PolicySlots;
  private readonly window: AccessOrderList;
  private readonly probation: AccessOrderList;
  private readonly protected: AccessOrderList;
  private readonly sketch: FrequencySketch;
  private readonly ownsSketch: boolean;
  private readonly climber: HillClimber;
  private readonly onEvict: (slot: number) => void;
  private readonly random: () => number;
  private readonly maximumWeight: number;

  private windowMaximum: number;
  private protectedMaximum: number;
  private windowWeight = 0;
  private protectedWeight = 0;
  private totalWeight = 0;
  private entries = 0;
  /** Resident count the sample sizes are currently set for. */
  private sizedFor: number;
  /**
   * Hits the climber has not seen yet (`recordHits`); it sees them at the next add, where it may
   * judge (as Caffeine climbs during maintenance, not on reads). The climber needs every hit
   * exactly: where the hit ratio does not depend on the window, a sampled count's noise alone
   * would steer it.
   */
  private uncountedHits = 0;
  /** The sketch epoch `currentSaturationTag` was computed for (a modulo a sampled hit need not pay). */
  private saturationEpoch = -1;
  private currentSaturationTag = 0;

  constructor(options: WindowTinyLfuOptions) {
    const maximum = options.maximumWeight;
    this.maximumWeight = maximum;
    this.slots = options.slots;
    this.window = new AccessOrderList(this.slots);
    this.probation = new AccessOrderList(this.slots);
    this.protected = new AccessOrderList(this.slots);
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
    return this.windowMaximum / this.maximumWeight;
  }

  /** Estimated recent request count of a key hash, resident or not (0–15). */
  frequency(hash: number): number {
    return this.sketch.frequency(hash);
  }

  /** Hits the store counted on its hit path since it last reported, for the climber. */
  recordHits(count: number): void {
    this.uncountedHits += count;
  }

  /**
   * A hit a read buffer sampled (see ReadBuffer), already counted in `recordHits`: it counts
   * `sketchAmount` in the sketch (the mean sample gap, standing for the hits skipped), marks the
   * slot read and moves it in the access order.
   */
  recordSampledHit(slot: number, sketchAmount: number): void {
    const state = this.slots.state;
    const sketch = this.sketch;
    let current = state[slot] & ~UNREAD;
    if (this.saturationEpoch !== sketch.epoch) {
      this.saturationEpoch = sketch.epoch;
      this.currentSaturationTag = saturationTag(sketch.epoch);
    }
    if (
      (current & SATURATION_MASK) !== this.currentSaturationTag &&
      sketch.increment(this.slots.hash[slot], sketchAmount)
    ) {
      current = (current & ~SATURATION_MASK) | saturationTag(sketch.epoch);
    }
    state[slot] = current;
    switch ((current & REGION_MASK) as Region) {
      case Region.Window:
        this.window.touch(slot);
        break;
      case Region.Probation:
        this.promote(slot);
        break;
      case Region.Protected:
        this.protected.touch(slot);
        break;
    }
  }

  /** A hit the sampling skipped on a slot not read before: it is read now, and nothing else changes. */
  recordFirstRead(slot: number): void {
    this.slots.state[slot] &= ~UNREAD;
  }

  /** A read did not find the key: its popularity still counts towards admission. */
  recordMiss(hash: number): void {
    this.sketch.increment(hash);
  }

  /**
   * Adds the slot of a key that missed and was loaded: it joins the window, unread, and the policy
   * evicts what the maximum weight requires, possibly the slot itself when admission refuses it.
   * Counts as the miss for the window climber; the sketch counted it in `recordMiss`.
   */
  add(slot: number, hash: number, weight: number): void {
    this.slots.hash[slot] = hash;
    this.slots.weight[slot] = weight;
    this.slots.state[slot] = Region.Window | UNREAD;
    this.window.addLast(slot);
    this.windowWeight += weight;
    this.totalWeight += weight;
    this.entries++;
    this.evict();
    if (this.entries > this.sizedFor) this.resizeSamples(this.entries * 2);
    this.climb(1);
  }

  /** Every resident slot, window first, then probation and protected, each least recent first. */
  residents(): number[] {
    return [...this.window.toArray(), ...this.probation.toArray(), ...this.protected.toArray()];
  }

  /** Removes a slot that left for another reason (deleted, expired, invalidated). */
  remove(slot: number): void {
    this.detach(slot);
  }

  /**
   * The slot's value was replaced with one of this weight: it keeps its place, counts as unread
   * again (the new value has not been read), and the policy evicts what the new weight requires.
   */
  replace(slot: number, weight: number): void {
    const { state } = this.slots;
    const region = (state[slot] & REGION_MASK) as Region;
    const delta = weight - this.slots.weight[slot];
    this.slots.weight[slot] = weight;
    state[slot] |= UNREAD;
    this.totalWeight += delta;
    if (region === Region.Window) this.windowWeight += delta;
    else if (region === Region.Protected) this.protectedWeight += delta;
    this.evict();
  }

  /** Hands the climber the hits counted since last time and `misses`, and applies its verdict. */
  private climb(misses: number): void {
    const adjustment = this.climber.record(this.uncountedHits, misses);
    this.uncountedHits = 0;
    if (adjustment !== 0) this.resizeWindow(adjustment);
  }

  private resizeSamples(entries: number): void {
    this.sizedFor = entries;
    if (this.ownsSketch) this.sketch.ensureCapacity(entries);
    this.climber.sampleSize = CLIMB_SAMPLE_FACTOR * entries;
  }

  private moveTo(slot: number, region: Region, list: AccessOrderList): void {
    const { state } = this.slots;
    state[slot] = (state[slot] & ~REGION_MASK) | region;
    list.addLast(slot);
  }

  private promote(slot: number): void {
    this.probation.remove(slot);
    this.moveTo(slot, Region.Protected, this.protected);
    this.protectedWeight += this.slots.weight[slot];
    this.demoteOverflowingProtected();
  }

  private demoteOverflowingProtected(): void {
    while (this.protectedWeight > this.protectedMaximum) {
      const demoted = this.protected.peekFirst();
      if (demoted === NONE) return;
      this.protected.remove(demoted);
      this.moveTo(demoted, Region.Probation, this.probation);
      this.protectedWeight -= this.slots.weight[demoted];
    }
  }

  private evict(): void {
    const weight = this.slots.weight;
    // What overflows the window joins the probation tail as candidates, oldest first.
    let candidate = NONE;
    while (this.windowWeight > this.windowMaximum) {
      const slot = this.window.peekFirst();
      if (slot === NONE) break;
      this.window.remove(slot);
      this.moveTo(slot, Region.Probation, this.probation);
      this.windowWeight -= weight[slot];
      if (candidate === NONE) candidate = slot;
    }
    while (this.totalWeight > this.maximumWeight) {
      let victim = this.probation.peekFirst();
      if (victim === candidate) victim = this.protected.peekFirst();
      if (candidate === NONE) {
        this.evictSlot(victim !== NONE ? victim : this.window.peekFirst());
      } else if (victim === NONE || !this.admit(candidate, victim)) {
        const loser = candidate;
        candidate = this.probation.after(candidate);
        this.evictSlot(loser);
      } else {
        this.evictSlot(victim);
        candidate = this.probation.after(candidate);
      }
    }
  }

  private admit(candidate: number, victim: number): boolean {
    if (this.slots.weight[candidate] > this.maximumWeight) return false;
    const candidateFrequency = this.sketch.frequency(this.slots.hash[candidate]);
    const victimFrequency = this.sketch.frequency(this.slots.hash[victim]);
    if (candidateFrequency > victimFrequency) return true;
    return candidateFrequency >= JITTER_FREQUENCY && this.random() < JITTER_PROBABILITY;
  }

  private evictSlot(slot: number): void {
    this.detach(slot);
    this.onEvict(slot);
  }

  private detach(slot: number): void {
    const { state } = this.slots;
    const region = (state[slot] & REGION_MASK) as Region;
    if (region === Region.None) return;
    const weight = this.slots.weight[slot];
    if (region === Region.Window) this.windowWeight -= weight;
    else if (region === Region.Protected) this.protectedWeight -= weight;
    this.totalWeight -= weight;
    this.entries--;
    this.listOf(region).remove(slot);
    // The UNREAD flag stays: the store reads it after the slot has left (see PolicySlots.wasRead).
    state[slot] = (state[slot] & ~REGION_MASK) | Region.None;
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
    const { weight, state } = this.slots;
    let quota = Math.min(amount, this.maximumWeight - this.windowMaximum);
    let moved = 0;
    for (let count = 0; count < TRANSFER_LIMIT; count++) {
      let slot = this.probation.peekFirst();
      if (slot === NONE) slot = this.protected.peekFirst();
      if (slot === NONE || weight[slot] > quota) break;
      quota -= weight[slot];
      moved += weight[slot];
      const region = (state[slot] & REGION_MASK) as Region;
      if (region === Region.Protected) this.protectedWeight -= weight[slot];
      this.listOf(region).remove(slot);
      this.moveTo(slot, Region.Window, this.window);
      this.windowWeight += weight[slot];
    }
    this.setWindowMaximum(this.windowMaximum + moved);
  }

  /** Moves the window's least recent entries to probation and the window's bound down by their weight. */
  private shrinkWindow(amount: number): void {
    const weight = this.slots.weight;
    let quota = Math.min(amount, this.windowMaximum - MINIMUM_WINDOW);
    let moved = 0;
    for (let count = 0; count < TRANSFER_LIMIT; count++) {
      const slot = this.window.peekFirst();
      if (slot === NONE || weight[slot] > quota) break;
      quota -= weight[slot];
      moved += weight[slot];
      this.window.remove(slot);
      this.moveTo(slot, Region.Probation, this.probation);
      this.windowWeight -= weight[slot];
    }
    this.setWindowMaximum(this.windowMaximum - moved);
  }

  /** The protected segment keeps its share of whatever the window leaves to the main space. */
  private setWindowMaximum(windowMaximum: number): void {
    this.windowMaximum = windowMaximum;
    this.protectedMaximum = PROTECTED_SHARE * (this.maximumWeight - windowMaximum);
    this.demoteOverflowingProtected();
  }
}
