import { AccessOrderList } from './access-order-list';
import { FrequencySketch } from './frequency-sketch';
import {
  type PolicySlots,
  Region,
  REGION_MASK,
  REFERENCED,
  SATURATION_MASK,
  saturationTag,
  SIMULATED,
  UNREAD,
} from './policy-slots';
import { WindowSimulations } from './window-simulations';

/** Initial window share of the maximum weight (Caffeine: 1%); the simulations move it. */
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
  /** A window share kept fixed (the miniature caches of WindowSimulations); without it, the window adapts. */
  fixedWindowShare?: number;
  /** With `fixedWindowShare`: the window keeps insertion order (FIFO); without, it follows the simulations. */
  fixedInsertionOrder?: boolean;
}

/**
 * W-TinyLFU with an adaptive window (Caffeine's eviction policy), weighted. New entries enter a
 * small LRU window; what overflows it becomes a candidate for the main space, a segmented LRU
 * (probation, protected), and is admitted only when the sketch says it is more popular than the
 * main space's victim. The window's size adapts, so the policy leans to recency or to frequency,
 * whichever the workload rewards: miniature copies of the policy with fixed windows replay a
 * hash-sampled share of the requests side by side, and the window follows the best of them
 * (see WindowSimulations).
 *
 * The policy owns ordering and admission only, over slots (small integers) whose state lives in
 * PolicySlots' columns; the store owns the key→slot map and the values, and calls
 * `recordSampledHit`/`recordUnsampledHit`/`recordMiss` on reads and `add`/`remove`/`replace` on
 * writes.
 */
export class WindowTinyLfuPolicy {
  private readonly slots: PolicySlots;
  private readonly window: AccessOrderList;
  private readonly probation: AccessOrderList;
  private readonly protected: AccessOrderList;
  private readonly sketch: FrequencySketch;
  private readonly ownsSketch: boolean;
  /** Undefined for a fixed window. */
  private readonly simulations: WindowSimulations | undefined;
  private readonly onEvict: (slot: number) => void;
  private readonly random: () => number;
  private readonly maximumWeight: number;

  private windowMaximum: number;
  /** The window leaves in insertion order (no second chance), and a hit takes a slot out of it. */
  private insertionOrder: boolean;
  private protectedMaximum: number;
  private windowWeight = 0;
  private protectedWeight = 0;
  private totalWeight = 0;
  private entries = 0;
  /** Resident count the sample sizes are currently set for. */
  private sizedFor: number;
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
    this.windowMaximum = Math.max(
      MINIMUM_WINDOW,
      maximum * (options.fixedWindowShare ?? INITIAL_WINDOW_SHARE),
    );
    this.insertionOrder = options.fixedInsertionOrder ?? false;
    this.protectedMaximum = PROTECTED_SHARE * (maximum - this.windowMaximum);
    this.sizedFor = Math.max(16, options.expectedEntries ?? 64);
    this.ownsSketch = options.sketch === undefined;
    this.sketch = options.sketch ?? new FrequencySketch(this.sizedFor);
    this.simulations =
      options.fixedWindowShare === undefined
        ? new WindowSimulations(maximum, this.sizedFor)
        : undefined;
  }

  get weightedSize(): number {
    return this.totalWeight;
  }

  /** Resident entries. */
  get size(): number {
    return this.entries;
  }

  /** The window's current share of the maximum weight, in [0, 1]: where the simulations have taken it. */
  get windowShare(): number {
    return this.windowMaximum / this.maximumWeight;
  }

  /** Estimated recent request count of a key hash, resident or not (0–15). */
  frequency(hash: number): number {
    return this.sketch.frequency(hash);
  }

  /**
   * A hit a read buffer sampled (see ReadBuffer): it counts `sketchAmount` in the sketch (the
   * mean sample gap, standing for the hits skipped), marks the slot read and moves it in the
   * access order.
   */
  recordSampledHit(slot: number, sketchAmount: number): void {
    const state = this.slots.state;
    const sketch = this.sketch;
    let current = state[slot];
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
    this.recordAccess(slot);
  }

  /**
   * A hit the sampling skipped that the policy must still see: the slot's first read since it was
   * stored (it moves, as a sampled hit would: exact recency for entries read once), or another
   * hit on a key the window simulations follow (only they hear of it).
   */
  recordUnsampledHit(slot: number): void {
    const current = this.slots.state[slot];
    if ((current & SIMULATED) !== 0) this.simulate(slot);
    if ((current & UNREAD) !== 0) this.access(slot);
  }

  /** A hit, without counting in the sketch: for a caller that counts its requests itself. */
  recordAccess(slot: number): void {
    if ((this.slots.state[slot] & SIMULATED) !== 0) this.simulate(slot);
    this.access(slot);
  }

  /**
   * A hit the policy acts on: the slot is read, and moves to the most recent end of its list (a
   * probation slot is promoted). Hits the sampling skipped only marked it REFERENCED, which gives
   * it a second chance when it reaches the least recent end.
   */
  private access(slot: number): void {
    const state = this.slots.state;
    const current = state[slot] & ~UNREAD;
    state[slot] = current;
    switch ((current & REGION_MASK) as Region) {
      case Region.Window:
        if (this.insertionOrder) this.leaveWindowOnHit(slot);
        else this.moveToMostRecent(slot, Region.Window, this.window);
        break;
      case Region.Probation:
        this.promote(slot);
        break;
      case Region.Protected:
        this.moveToMostRecent(slot, Region.Protected, this.protected);
        break;
    }
  }

  private moveToMostRecent(slot: number, region: Region, list: AccessOrderList): void {
    if (list.isLast(slot)) {
      this.slots.state[slot] &= ~REFERENCED;
      return;
    }
    list.remove(slot);
    this.moveTo(slot, region, list);
  }

  /** A read did not find the key: its popularity still counts towards admission. */
  recordMiss(hash: number): void {
    this.sketch.increment(hash);
  }

  /**
   * Adds the slot of a key that missed and was loaded: it joins the window, unread, and the policy
   * evicts what the maximum weight requires, possibly the slot itself when admission refuses it.
   * The sketch counted the miss in `recordMiss`; the window simulations see it here.
   */
  add(slot: number, hash: number, weight: number): void {
    const simulations = this.simulations;
    const simulated = simulations !== undefined && simulations.simulates(hash);
    this.slots.hash[slot] = hash;
    this.slots.weight[slot] = weight;
    this.slots.state[slot] = Region.Window | UNREAD | (simulated ? SIMULATED : 0);
    this.window.addLast(slot);
    this.windowWeight += weight;
    this.totalWeight += weight;
    this.entries++;
    if (simulated) this.simulate(slot);
    this.evict();
    if (this.entries > this.sizedFor) this.resizeSamples(this.entries * 2);
    if (simulations !== undefined) this.followSimulations(simulations);
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

  /**
   * Hands a request for a simulated slot's key to the simulations. A key flagged before the
   * simulations grew their sampling divisor may no longer be followed: it loses the flag, so that
   * its hits stop reaching the policy one by one.
   */
  private simulate(slot: number): void {
    const hash = this.slots.hash[slot];
    const simulations = this.simulations;
    if (simulations === undefined || !simulations.simulates(hash)) {
      this.slots.state[slot] &= ~SIMULATED;
      return;
    }
    simulations.request(hash, this.slots.weight[slot]);
  }

  /** Moves the window towards the share the simulations favour (a bounded step per call). */
  private followSimulations(simulations: WindowSimulations): void {
    this.insertionOrder = simulations.insertionOrder;
    const target = Math.max(MINIMUM_WINDOW, simulations.windowShare * this.maximumWeight);
    if (target > this.windowMaximum) this.growWindow(target - this.windowMaximum);
    else if (target < this.windowMaximum) this.shrinkWindow(this.windowMaximum - target);
  }

  private resizeSamples(entries: number): void {
    this.sizedFor = entries;
    if (this.ownsSketch) this.sketch.ensureCapacity(entries);
    this.simulations?.resize(entries);
  }

  /** Places the slot at the most recent end of a list: unreferenced there until its next hit. */
  private moveTo(slot: number, region: Region, list: AccessOrderList): void {
    const { state } = this.slots;
    state[slot] = (state[slot] & ~(REGION_MASK | REFERENCED)) | region;
    list.addLast(slot);
  }

  /**
   * The least recent slot of the list that was not hit since it was placed there; each one that
   * was gets a second chance at the most recent end (CLOCK), so this ends within one pass.
   */
  private leastRecentUnreferenced(list: AccessOrderList, region: Region): number {
    const state = this.slots.state;
    for (let slot = list.peekFirst(); slot !== NONE; slot = list.peekFirst()) {
      if ((state[slot] & REFERENCED) === 0) return slot;
      list.remove(slot);
      this.moveTo(slot, region, list);
    }
    return NONE;
  }

  /** The window's next slot to leave: its oldest, or in recency order its least recent unreferenced. */
  private windowLeaving(): number {
    return this.insertionOrder
      ? this.window.peekFirst()
      : this.leastRecentUnreferenced(this.window, Region.Window);
  }

  private promote(slot: number): void {
    this.probation.remove(slot);
    this.moveTo(slot, Region.Protected, this.protected);
    this.protectedWeight += this.slots.weight[slot];
    this.demoteOverflowingProtected();
  }

  private demoteOverflowingProtected(): void {
    while (this.protectedWeight > this.protectedMaximum) {
      const demoted = this.leastRecentUnreferenced(this.protected, Region.Protected);
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
      const slot = this.windowLeaving();
      if (slot === NONE) break;
      this.window.remove(slot);
      this.moveTo(slot, Region.Probation, this.probation);
      this.windowWeight -= weight[slot];
      if (candidate === NONE) candidate = slot;
    }
    while (this.totalWeight > this.maximumWeight) {
      let victim = this.probation.peekFirst();
      if (victim === candidate)
        victim = this.leastRecentUnreferenced(this.protected, Region.Protected);
      if (candidate === NONE) {
        this.evictSlot(victim !== NONE ? victim : this.windowLeaving());
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

  /**
   * In insertion order the window holds the keys not read since they came: a hit moves one to the
   * protected segment, so that with the whole cache as window the keys read again leave first.
   */
  private leaveWindowOnHit(slot: number): void {
    const weight = this.slots.weight[slot];
    this.window.remove(slot);
    this.windowWeight -= weight;
    this.moveTo(slot, Region.Protected, this.protected);
    this.protectedWeight += weight;
    this.demoteOverflowingProtected();
  }

  /** Moves the window's least recent entries to probation and the window's bound down by their weight. */
  private shrinkWindow(amount: number): void {
    const weight = this.slots.weight;
    let quota = Math.min(amount, this.windowMaximum - MINIMUM_WINDOW);
    let moved = 0;
    for (let count = 0; count < TRANSFER_LIMIT; count++) {
      const slot = this.windowLeaving();
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
